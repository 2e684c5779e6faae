/* Hours and status words: whether a place is open at a moment in the jurisdiction, and what
 * the list and the map say about it ("Open until 5 p.m.", "Closed · opens tomorrow 9 a.m.").
 *
 * Pure: everything comes in as arguments (the calendar from the page's data, the words of its
 * language), so Node's test runner holds these functions to their Python twins
 * (pipeline.hours.schedule minutes_open and status_at) through golden files
 * (tests/unit/test_find_js.py).
 */
export const WEEK = 10080, DAY = 1440;

/* "{n} places" with n filled in; a key the values lack stays as it is. */
export function fmt(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, key) => key in values ? values[key] : m);
}
function pad(n) { return (n < 10 ? "0" : "") + n; }

/* The window of days the data knows ({from, days, holidays} of places.json): its first day as
   a UTC time stamp, its weekday (0 = Monday) and the public holidays by day of the window. */
export function calendarOf(data, names) {
  const from = data.from.split("-").map(Number);
  const cal = { from: Date.UTC(from[0], from[1] - 1, from[2]), days: data.days, holidays: {}, names: {} };
  cal.weekday = (new Date(cal.from).getUTCDay() + 6) % 7;
  data.holidays.forEach((d, i) => {
    cal.holidays[d] = true;
    if (names && names[i]) cal.names[d] = names[i];
  });
  return cal;
}

/* The name of today's public holiday in the page's language ("Thanksgiving Day"), or "". */
export function holidayName(now, cal) {
  return cal.holidays[now.date] ? cal.names[now.date] || "" : "";
}

/* Each schedule of the data once: its week cut into days, its exceptions by day of the
   window ({schedule, days, exceptions}, what a place carries for these functions). */
export function scheduleModels(schedules, exceptionRuns, holidayKnown) {
  return schedules.map((week, n) => {
    const days = [[], [], [], [], [], [], []], exceptions = Object.create(null);
    week.forEach((s) => {
      for (let d = Math.floor(s[0] / DAY); d * DAY < s[1]; d++) {
        days[d].push([Math.max(s[0], d * DAY) - d * DAY, Math.min(s[1], (d + 1) * DAY) - d * DAY]);
      }
    });
    exceptionRuns[n].forEach((run) => {
      for (let i = 0; i < run[1]; i++) exceptions[run[0] + i] = run[2];
    });
    /* whether the hours say what the place does on a holiday (a PH rule, or 24/7) */
    const known = holidayKnown ? Boolean(holidayKnown[n]) : true;
    return { schedule: week, days: days, exceptions: exceptions, holidayKnown: known };
  });
}

/* A clock that reads the time in the jurisdiction, whatever the device's own time zone. */
export function clockIn(tz) {
  return new Intl.DateTimeFormat("en-US", {
    timeZone: tz, year: "numeric", month: "numeric", day: "numeric",
    hour: "numeric", minute: "numeric", hourCycle: "h23"
  });
}

/* {date: days since the window's first day, day: weekday (0 = Monday), minute: of the day} */
export function nowThere(clock, cal, at) {
  const parts = {}, when = at || new Date();
  clock.formatToParts(when).forEach((p) => { parts[p.type] = p.value; });
  const utc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  return {
    date: Math.round((utc - cal.from) / 86400000), day: (new Date(utc).getUTCDay() + 6) % 7,
    minute: (Number(parts.hour) % 24) * 60 + Number(parts.minute),
    at: Math.floor(when.getTime() / 60000) * 60000,  /* the real moment, to the minute */
    clock: clock
  };
}

/* Daylight saving (issue 24): [real minutes to a close `left` wall-clock minutes from now, the
   wall time then, in minutes from the window's first midnight]. The clocks going back make
   "2 a.m." at 1:30 90 minutes away; going forward, a close at 2:30 (a time that does not exist)
   comes when they jump to 3:00. Mirrors pipeline.hours.status.real_close. A `now` made by hand
   (no real moment) counts wall-clock minutes. */
export function realClose(now, left, cal) {
  if (now.at === undefined || !now.clock) return [left, now.date * DAY + now.minute + left];
  const wall = (ms) => { const w = nowThere(now.clock, cal, new Date(ms)); return w.date * DAY + w.minute; };
  const target = now.date * DAY + now.minute + left;
  let guess = now.at + left * 60000;
  for (let k = 0; k < 3; k++) {
    const shown = wall(guess);
    if (shown >= target) break;
    guess += (target - shown) * 60000;
  }
  while (wall(guess - 60000) >= target) guess -= 60000;
  return [Math.round((guess - now.at) / 60000), wall(guess)];
}

/* A place's open spans on day d of the window; null when it has no hours or d is outside. */
export function hoursOn(place, d, cal) {
  if (!place.schedule || !(d >= 0 && d < cal.days)) return null;
  return place.exceptions[d] || place.days[(cal.weekday + d) % 7];
}

/* [minutes the place stays open from now (at most a week; 0 closed; null not known),
    whether that close is known (false: open to the last day the data knows)] */
export function openRun(place, now, cal) {
  const spans = hoursOn(place, now.date, cal);
  if (!spans) return [null, true];
  const m = now.minute;
  let current = null;
  for (let i = 0; i < spans.length; i++) {
    if (spans[i][0] <= m && m < spans[i][1]) current = spans[i];
  }
  if (!current) return [0, true];
  let end = current[1], k = 0;
  while (end === (k + 1) * DAY && end - m < WEEK) {
    const next = hoursOn(place, now.date + k + 1, cal);
    if (next === null) return [end - m, false];
    if (!next.length || next[0][0] !== 0) break;
    k += 1;
    end = k * DAY + next[0][1];
  }
  return [Math.min(end - m, WEEK), true];
}
export function minutesOpen(place, now, cal) { return openRun(place, now, cal)[0]; }

/* Open now, and (with a margin) for more than that many minutes. */
export function isOpen(place, now, cal, margin) {
  const left = minutesOpen(place, now, cal);
  return !!left && left > (margin || 0);
}

/* When a closed place next opens: {days: from today, minute} or null (not in the window). */
export function nextOpening(place, now, cal) {
  for (let k = 0; ; k++) {
    const spans = hoursOn(place, now.date + k, cal);
    if (!spans) return null;
    for (let i = 0; i < spans.length; i++) {
      if (k > 0 || spans[i][0] > now.minute) return { days: k, minute: spans[i][0] };
    }
  }
}

function clockText(minute, end, H) {
  if (H.clock === "24h" && end && minute === DAY) return "24:00";
  minute %= DAY;
  const hour = Math.floor(minute / 60), mins = minute % 60;
  if (H.clock === "24h") return hour + ":" + pad(mins);
  if (minute === 0) return "midnight";
  if (minute === 720) return "noon";
  const suffix = hour < 12 ? "a.m." : "p.m.", hour12 = hour % 12 || 12;
  return mins === 0 ? hour12 + " " + suffix : hour12 + ":" + pad(mins) + " " + suffix;
}
function atText(minute, end, H) {
  const text = !end && minute === 0 && H.clock === "12h" ? "12 a.m." : clockText(minute, end, H);
  return fmt(text.indexOf("1:") === 0 ? H.at_one : H.at, { time: text });
}
function dateText(d, cal, H) {
  const day = new Date(cal.from + d * 86400000);
  return fmt(H.date, { day: H.days[(day.getUTCDay() + 6) % 7], month: H.months[day.getUTCMonth()],
                       n: day.getUTCDate() });
}

/* Today is a public holiday and the place's hours say nothing about holidays: its hours may
   differ today (pipeline.hours.status holiday_unsure). */
export function holidayUnsure(place, now, cal) {
  return Boolean(place.schedule && !place.holidayKnown && cal.holidays[now.date]);
}

/* How the list ranks a place now (pipeline.hours.status rank_of): open for more than `soon`
   minutes, open on a holiday its hours say nothing about, closing within `soon` minutes,
   closed or not known. */
export const OPEN = 0, HOLIDAY_UNSURE = 1, CLOSING_SOON = 2, CLOSED = 3;
export function rankOf(place, now, cal, soon) {
  const run = openRun(place, now, cal), left = run[0];
  if (!left) return CLOSED;
  /* the clocks change by an hour at most: only a close that near needs real minutes */
  if (left < WEEK && run[1] && left <= soon + 120 && realClose(now, left, cal)[0] <= soon) {
    return CLOSING_SOON;
  }
  return holidayUnsure(place, now, cal) ? HOLIDAY_UNSURE : OPEN;
}

/* What the list and the map say about a place now: {open, closingSoon, holidayUnsure, text},
   in the words H of the page's language; `soon`: minutes before a close that count as closing
   soon. On a holiday its hours say nothing about, the words say so first. */
export function statusOf(place, now, cal, H, soon) {
  const status = usualStatus(place, now, cal, H, soon);
  status.holidayUnsure = holidayUnsure(place, now, cal);
  if (status.holidayUnsure) status.text = fmt(H.holiday_unsure, { status: status.text });
  return status;
}

function usualStatus(place, now, cal, H, soon) {
  const run = openRun(place, now, cal);
  let left = run[0];
  if (left === null) return { open: false, closingSoon: false, text: H.no_hours };
  if (left >= WEEK) return { open: true, closingSoon: false, text: H.open_always };
  if (!run[1]) return { open: true, closingSoon: false, text: H.open_now };
  if (left > 0) {
    const real = realClose(now, left, cal);
    left = real[0];
    if (left <= soon) {
      return { open: true, closingSoon: true,
               text: left === 1 ? H.closes_in_1 : fmt(H.closes_in, { n: left }) };
    }
    const end = real[1] - now.date * DAY;
    let day = Math.floor(end / DAY), at = end % DAY;
    if (at === 0) { day -= 1; at = DAY; }
    const until = left < DAY ? fmt(H.open_until, { time: atText(at, true, H) })
      : fmt(H.open_until_day, { day: H.days[(now.day + day) % 7], time: atText(at, true, H) });
    return { open: true, closingSoon: false, text: until };
  }
  const spans = hoursOn(place, now.date, cal);
  let holiday = !!(cal.holidays[now.date] && place.exceptions[now.date]);
  for (let i = 0; i < spans.length; i++) if (spans[i][1] > now.minute) holiday = false;
  const next = nextOpening(place, now, cal);
  if (!next) return { open: false, closingSoon: false, text: holiday ? H.holiday : H.closed_now };
  const time = atText(next.minute, false, H);
  let when;
  if (next.days === 0) when = fmt(H.today_at, { time: time });
  else if (next.days === 1) when = fmt(H.tomorrow_at, { time: time });
  else if (next.days < 7) when = fmt(H.day_at, { day: H.days[(now.day + next.days) % 7], time: time });
  else when = fmt(H.date_at, { date: dateText(now.date + next.days, cal, H), time: time });
  return { open: false, closingSoon: false, text: fmt(holiday ? H.holiday_opens : H.opens, { when: when }) };
}
