// The find page's hours module against its Python twin (pipeline.hours.schedule minutes_open
// and status_at): the answers are in the golden file tests/unit/test_find_js.py writes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { folder, golden } from "./support.mjs";

const hours = await import(folder("hours.js"));
const data = golden("hours.json");

test("minutes open and the status words are the Python answers at every boundary", () => {
  const cal = hours.calendarOf(data.calendar);
  const models = hours.scheduleModels(data.schedules, data.exceptions, data.holiday_known);
  const none = { schedule: null, days: null, exceptions: {} };
  let checked = 0;
  for (const lang of Object.keys(data.words)) {
    const H = data.words[lang];
    for (const c of data.cases) {
      const place = c.schedule === null ? none : models[c.schedule];
      const now = { date: c.date, day: c.day, minute: c.minute };
      const where = `${lang} schedule ${c.schedule} day ${c.date} minute ${c.minute}`;
      assert.equal(hours.minutesOpen(place, now, cal), c.minutes_open, where);
      const s = hours.statusOf(place, now, cal, H, data.soon);
      assert.deepEqual([s.open, s.closingSoon, s.text], c.status[lang], where);
      assert.equal(hours.rankOf(place, now, cal, data.soon), c.rank, where);
      checked += 1;
    }
  }
  assert.ok(checked > 500, `only ${checked} cases`);
});

test("the time in the jurisdiction, whatever the device's time zone", () => {
  const cal = hours.calendarOf({ from: "2026-11-20", days: 400, holidays: [] });
  const clock = hours.clockIn("America/Chicago");
  // 2026-11-21 05:30 UTC is 23:30 on Friday the 20th in Chicago (UTC-6): day 0 of the window.
  const now = hours.nowThere(clock, cal, new Date(Date.UTC(2026, 10, 21, 5, 30)));
  assert.deepEqual({ date: now.date, day: now.day, minute: now.minute }, { date: 0, day: 4, minute: 23 * 60 + 30 });
  assert.equal(now.at, Date.UTC(2026, 10, 21, 5, 30));  // the real moment, for daylight saving
  assert.equal(cal.weekday, 4);
});

test("no hours, or a day outside the window, is not known", () => {
  const cal = hours.calendarOf({ from: "2026-11-20", days: 10, holidays: [] });
  const [week] = hours.scheduleModels([[[0, 10080]]], [[]]);
  assert.equal(hours.minutesOpen(week, { date: 10, day: 0, minute: 0 }, cal), null);
  assert.equal(hours.hoursOn({ schedule: null }, 0, cal), null);
  assert.equal(readFileSync(new URL(folder("hours.js")), "utf8").includes("document"), false,
               "hours.js stays pure: no page in it");
});

test("daylight saving: the minutes to a close are real minutes", () => {
  const cal = hours.calendarOf({ from: "2026-10-30", days: 400, holidays: [] });
  const clock = hours.clockIn("America/Chicago");
  // 1 November 2026, 01:30 CDT (06:30 UTC): the clocks go back at 02:00, so a close at "2 a.m."
  // (30 minutes on the clock) is 90 real minutes away.
  const back = hours.nowThere(clock, cal, new Date(Date.UTC(2026, 10, 1, 6, 30)));
  assert.equal(hours.realClose(back, 30, cal)[0], 90);
  // 14 March 2027, 01:45 CST (07:45 UTC): the clocks jump from 02:00 to 03:00, so a close at
  // 02:30 (a time that does not exist) comes 15 real minutes later, at 03:00.
  const forward = hours.nowThere(clock, cal, new Date(Date.UTC(2027, 2, 14, 7, 45)));
  const [minutes, wall] = hours.realClose(forward, 45, cal);
  assert.equal(minutes, 15);
  assert.equal(wall % 1440, 3 * 60);
  // A moment made by hand (no real time) counts the clock's minutes.
  assert.equal(hours.realClose({ date: 0, day: 0, minute: 0 }, 30, cal)[0], 30);
});

test("on a holiday the hours say nothing about: the words say so first, and the heading names it", () => {
  const H = { en: data.words.en, es: data.words.es };
  const [week, ph] = hours.scheduleModels([[[1980, 2460]], [[1980, 2460]]], [[], []], [0, 1]);
  for (const lang of ["en", "es"]) {
    const cal = hours.calendarOf(data.calendar, data.holiday_names[lang]);
    const thanksgiving = data.calendar.holidays.find((d) => hours.holidayName({ date: d }, cal).length > 0);
    const now = { date: thanksgiving, day: (cal.weekday + thanksgiving) % 7, minute: 9 * 60 };
    assert.equal(hours.holidayName(now, cal), data.holiday_names[lang][0]);
    assert.equal(hours.holidayName({ date: thanksgiving + 1 }, cal), "");
    const unsure = hours.statusOf(week, now, cal, H[lang], 30);
    assert.ok(unsure.holidayUnsure);
    assert.ok(unsure.text.startsWith(lang === "en" ? "Holiday today: hours may differ — call first"
                                                   : "Festivo hoy: el horario puede cambiar — llame antes"), unsure.text);
    assert.equal(hours.statusOf(ph, now, cal, H[lang], 30).holidayUnsure, false);
  }
  assert.equal(data.holiday_names.en[0], "Thanksgiving Day");
  assert.equal(data.holiday_names.es[0], "Día de Acción de Gracias");
});
