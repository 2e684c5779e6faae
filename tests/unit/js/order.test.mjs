// Distances and order on the find page: nearest first, open places before closed ones, name
// order otherwise; a cell's distance never more than that of any place in it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { folder } from "./support.mjs";

const order = await import(folder("order.js"));
const search = await import(folder("search.js"));

function place(id, lat, lon, open, n, text) {
  return { id, lat, lon, open, order: n, haystack: search.fold(text || id) };
}
const opens = (p) => p.open;

test("miles: a degree of latitude is about 69 miles; no distance to itself", () => {
  assert.ok(Math.abs(order.miles(39, -94.5, 40, -94.5) - 69.09) < 0.05);
  assert.equal(order.miles(39.1, -94.6, 39.1, -94.6), 0);
  assert.ok(Math.abs(order.miles(39, -94, 39.1, -94.2) - order.miles(39.1, -94.2, 39, -94)) < 1e-9);
});

test("from a position: open places nearest first, then the closed ones nearest first", () => {
  const here = { lat: 39.1, lon: -94.58 };
  const places = [place("far-open", 39.3, -94.58, true, 0), place("near-closed", 39.1, -94.581, false, 1),
                  place("near-open", 39.11, -94.58, true, 2), place("mid-closed", 39.2, -94.58, false, 3)];
  const found = order.matching(places, [], false, here, (p) => opens(p), 30);
  assert.deepEqual(found.map((p) => p.id), ["near-open", "far-open", "near-closed", "mid-closed"]);
  assert.ok(found.every((p) => typeof p.distance === "number"));
});

test("without a position: the register's (name) order; equal distances keep it too", () => {
  const places = [place("b", 39, -94, false, 1), place("a", 39, -94, true, 0), place("c", 39, -94, true, 2)];
  assert.deepEqual(order.matching(places, [], false, null, opens, 30).map((p) => p.id), ["a", "b", "c"]);
  assert.deepEqual(order.matching(places, [], false, { lat: 39, lon: -94 }, opens, 30).map((p) => p.id),
                   ["a", "c", "b"]);
});

test("a search keeps the places holding every word; open now only asks for the margin", () => {
  const places = [place("x", 39, -94, true, 0, "Corner Café"), place("y", 39, -94, true, 1, "Corner Deli")];
  const margins = [];
  const open = (p, margin) => { margins.push(margin); return p.id === "x" || margin === 0; };
  assert.deepEqual(order.matching(places, ["corner", "cafe"], false, null, open, 30).map((p) => p.id), ["x"]);
  assert.deepEqual(order.matching(places, ["corner"], true, null, open, 30).map((p) => p.id), ["x"]);
  assert.ok(margins.includes(30));
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
