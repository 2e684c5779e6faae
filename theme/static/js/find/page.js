/* What every part of the find page shares: its settings (the #find-config block the build
 * writes), its elements, what the visitor asked for (`state`) and the places known so far
 * (`store`). Read once, when the first module is evaluated.
 *
 * Places are keyed by id in objects without a prototype: an id such as "constructor" or
 * "toString" must find nothing but the place itself.
 */
import { clockIn, nowThere as nowIn, statusOf as statusIn, isOpen as isOpenIn } from "./hours.js";

export function table() { return Object.create(null); }
const byIdOf = (id) => document.getElementById(id);

export const configNode = byIdOf("find-config");
export const config = configNode ? JSON.parse(configNode.textContent) : null;
/* Paths in the config are relative to the site's root, which this page knows best. */
export const base = configNode ? configNode.getAttribute("data-base") || "" : "";
export const SafePlace = (window.SafePlace = window.SafePlace || {});

export const T = config ? config.t : {}, H = config ? config.hours : {};
export const SOON = config ? config.soon || 30 : 30;

export const dom = {
  list: byIdOf("participants"), form: byIdOf("find-controls"), query: byIdOf("q"),
  zip: byIdOf("zip"), locate: byIdOf("locate"), openNow: byIdOf("open-now"),
  status: byIdOf("find-status"), error: byIdOf("find-error"), more: byIdOf("more"),
  map: document.querySelector(".find-map"), heading: byIdOf("list-heading"),
  closedHeading: byIdOf("closed-heading"), closedList: byIdOf("participants-closed")
};

export const state = { query: "", openNow: false, origin: null, originLabel: "",
                       limit: config ? config.window : 0 };

/* The places here so far. A big register comes in pieces (pipeline.find.cells, loaded by
   ./pieces.js): until every place is here, `index` says how many there are and where the rest
   is, and `pieces` is that module. */
export const store = {
  places: [], byId: table(), nodes: table(), zips: table(), cal: null,
  tables: null, fields: null, models: [], index: null, complete: true, savedOnly: false,
  pieces: null
};

/* A count as the page's language writes it ("26,992 places"; "26.992 lugares"). */
const numbers = config ? new Intl.NumberFormat(config.lang, { maximumFractionDigits: 0 }) : null;
export function many(n) { return numbers.format(n); }

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/* The hours functions for this page's time zone, calendar and words. */
const clock = config ? clockIn(config.tz) : null;
export function nowThere(at) { return nowIn(clock, store.cal, at); }
export function statusOf(place, now) { return statusIn(place, now, store.cal, H, SOON); }
export function isOpen(place, now, margin) { return isOpenIn(place, now, store.cal, margin); }
