// Distances and order on the find page: nearest first, open places before closed ones, name
// order otherwise; a cell's distance never more than that of any place in it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { folder, golden } from "./support.mjs";

const order = await import(folder("order.js"));
const search = await import(folder("search.js"));
const hours = await import(folder("hours.js"));
const { OPEN, HOLIDAY_UNSURE, CLOSING_SOON, CLOSED } = hours;

function place(id, lat, lon, rank, n, text) {
  const r = rank === true ? OPEN : rank === false ? CLOSED : rank;
  return { id, lat, lon, r, order: n, haystack: search.fold(text || id) };
}
const ranks = (p) => p.r;

test("miles: a degree of latitude is about 69 miles; no distance to itself", () => {
  assert.ok(Math.abs(order.miles(39, -94.5, 40, -94.5) - 69.09) < 0.05);
  assert.equal(order.miles(39.1, -94.6, 39.1, -94.6), 0);
  assert.ok(Math.abs(order.miles(39, -94, 39.1, -94.2) - order.miles(39.1, -94.2, 39, -94)) < 1e-9);
});

test("from a position: open places nearest first, then the closed ones nearest first", () => {
  const here = { lat: 39.1, lon: -94.58 };
  const places = [place("far-open", 39.3, -94.58, true, 0), place("near-closed", 39.1, -94.581, false, 1),
                  place("near-open", 39.11, -94.58, true, 2), place("mid-closed", 39.2, -94.58, false, 3)];
  const found = order.matching(places, [], false, here, ranks);
  assert.deepEqual(found.map((p) => p.id), ["near-open", "far-open", "near-closed", "mid-closed"]);
  assert.ok(found.every((p) => typeof p.distance === "number"));
});

test("without a position: the register's (name) order; equal distances keep it too", () => {
  const places = [place("b", 39, -94, false, 1), place("a", 39, -94, true, 0), place("c", 39, -94, true, 2)];
  assert.deepEqual(order.matching(places, [], false, null, ranks).map((p) => p.id), ["a", "b", "c"]);
  assert.deepEqual(order.matching(places, [], false, { lat: 39, lon: -94 }, ranks).map((p) => p.id),
                   ["a", "c", "b"]);
});

test("a search keeps the places holding every word", () => {
  const places = [place("x", 39, -94, true, 0, "Corner Café"), place("y", 39, -94, true, 1, "Corner Deli")];
  assert.deepEqual(order.matching(places, ["corner", "cafe"], false, null, ranks).map((p) => p.id), ["x"]);
  assert.deepEqual(order.matching(places, ["corner"], false, null, ranks).map((p) => p.id), ["x", "y"]);
});

test("closing time: open for the next half hour first, then an unsure holiday, closing soon, closed", () => {
  const here = { lat: 39.1, lon: -94.58 };
  const places = [place("closing-near", 39.1001, -94.58, CLOSING_SOON, 0),
                  place("closed-nearest", 39.1, -94.58, CLOSED, 1),
                  place("open-far", 39.2, -94.58, OPEN, 2),
                  place("holiday-mid", 39.15, -94.58, HOLIDAY_UNSURE, 3),
                  place("open-mid", 39.12, -94.58, OPEN, 4)];
  const near = order.matching(places, [], false, here, ranks).map((p) => p.id);
  assert.deepEqual(near, ["open-mid", "open-far", "holiday-mid", "closing-near", "closed-nearest"]);
  // "Open now only" keeps the place closing soon (ranked after), not the closed one.
  const open = order.matching(places, [], true, here, ranks);
  assert.deepEqual(open.map((p) => p.id), ["open-mid", "open-far", "holiday-mid", "closing-near"]);
  assert.ok(open.every((p) => p.isOpen));
  assert.deepEqual(order.matching(places, [], true, null, ranks).map((p) => p.id),
                   ["open-far", "open-mid", "holiday-mid", "closing-near"]);
});

test("the order is the Python order (pipeline.find.nearest.ranked) at every moment of the golden file", () => {
  const data = golden("order.json"), H = golden("hours.json");
  const cal = hours.calendarOf(H.calendar, H.holiday_names.en);
  const models = hours.scheduleModels(H.schedules, H.exceptions, H.holiday_known);
  const none = { schedule: null, days: null, exceptions: {}, holidayKnown: true };
  const origin = { lat: data.origin[0], lon: data.origin[1] };
  const ids = (found) => found.map((p) => p.order);
  for (const m of data.moments) {
    const now = { date: m.date, day: m.day, minute: m.minute };
    const places = () => data.places.map(([n, lat, lon], i) => ({
      ...(n === null ? none : models[n]), lat, lon, order: i, id: String(i), haystack: ""
    }));
    const rank = (p) => hours.rankOf(p, now, cal, data.soon);
    assert.deepEqual(places().map(rank), m.ranks, `ranks at ${JSON.stringify(now)}`);
    assert.deepEqual(ids(order.matching(places(), [], false, origin, rank)), m.nearest, "nearest");
    assert.deepEqual(ids(order.matching(places(), [], true, origin, rank)), m.nearest_open, "nearest, open");
    assert.deepEqual(ids(order.matching(places(), [], true, null, rank)), m.open_only, "open only");
    assert.deepEqual(ids(order.matching(places(), [], false, null, rank)), m.by_name, "by name");
  }
  const seen = new Set(data.moments.flatMap((m) => m.ranks));
  assert.deepEqual([...seen].sort(), [OPEN, HOLIDAY_UNSURE, CLOSING_SOON, CLOSED], "every rank is met");
});

test("a cell is never farther than a place in it; nearest cell first", () => {
  const cells = [{ name: "a", s: 39.0, w: -94.7, n: 39.1, e: -94.6, count: 3 },
                 { name: "b", s: 39.2, w: -94.7, n: 39.3, e: -94.6, count: 2, done: true }];
  const origin = { lat: 39.15, lon: -94.65 };
  const away = order.cellsAway(cells, origin, true);
  assert.deepEqual(away.map((c) => c.name), ["a", "b"]);
  assert.ok(away[0].away <= order.miles(origin.lat, origin.lon, 39.1, -94.65));
  assert.deepEqual(order.cellsAway(cells, origin, false).map((c) => c.name), ["a"], "not the cells here");
});
