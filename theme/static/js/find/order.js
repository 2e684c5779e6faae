/* Distances and order: which places a search keeps, and in what order the list shows them.
 *
 * Pure (the caller says what is open), tested with Node's test runner
 * (tests/unit/js/order.test.mjs).
 */
import { CLOSED } from "./hours.js";
import { matchesAll } from "./search.js";

/* Great-circle distance in miles. */
export function miles(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
  const a = Math.pow(Math.sin(dLat / 2), 2) +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dLon / 2), 2);
  return 2 * 3958.8 * Math.asin(Math.sqrt(a));
}

/* The places that match, in the order shown: by name (p.order, their place in places.json);
   or, from `origin` (or with "open now only"), by rank first (./hours.js rankOf: open for the
   next half hour, open on a holiday the hours say nothing about, closing soon, closed), then
   nearest first (then by name). `rank(p)` gives p's rank; each place found learns p.rank,
   p.isOpen (open now, however soon it closes) and, from an origin, p.distance. "Open now
   only" keeps every open place, those closing soon too (ranked after). The Python twin:
   pipeline.find.nearest.ranked (the golden file of tests/unit/test_find_js.py). */
export function matching(places, terms, openNow, origin, rank) {
  const found = places.filter((p) => {
    if (!matchesAll(p.haystack, terms)) return false;
    p.rank = rank(p);
    p.isOpen = p.rank < CLOSED;
    return !openNow || p.isOpen;
  });
  if (origin) {
    found.forEach((p) => { p.distance = miles(origin.lat, origin.lon, p.lat, p.lon); });
    found.sort((a, b) => (a.rank - b.rank) || a.distance - b.distance || a.order - b.order);
  } else if (openNow) {
    found.sort((a, b) => (a.rank - b.rank) || a.order - b.order);
  } else {
    found.sort((a, b) => a.order - b.order);
  }
  return found;
}

/* The cells of a big register (all, or those not here yet), nearest to `origin` first; each
   learns c.away, at most its distance in miles (the distance to its box, kept 1 % short: a
   lower bound whatever the curve of the Earth does over a city). */
export function cellsAway(cells, origin, all) {
  return cells.filter((c) => all || !c.done).map((c) => {
    const lat = Math.min(Math.max(origin.lat, c.s), c.n), lon = Math.min(Math.max(origin.lon, c.w), c.e);
    c.away = 0.99 * miles(origin.lat, origin.lon, lat, lon);
    return c;
  }).sort((a, b) => a.away - b.away);
}
