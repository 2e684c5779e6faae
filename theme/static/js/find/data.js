/* Data loading and what every part of the find page shares: its settings (the #find-config
 * block the build writes), its elements, what the visitor asked for (`state`) and the places
 * known so far (`store`), built from the page's data (places.json, loaded once and shared with
 * the map; or, for a big register, find/index.json, see ./pieces.js).
 *
 * Places are keyed by id in objects without a prototype: an id such as "constructor" or
 * "toString" must find nothing but the place itself.
 */
import { calendarOf, clockIn, isOpen as isOpenIn, nowThere as nowIn, rankOf as rankIn, scheduleModels, statusOf as statusIn } from "./hours.js";
import { fold, fullAddress } from "./search.js";

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
  status: byIdOf("find-status"), announce: byIdOf("find-announce"), error: byIdOf("find-error"), more: byIdOf("more"),
  map: document.querySelector(".find-map"), heading: byIdOf("list-heading"),
  closedHeading: byIdOf("closed-heading"), closedList: byIdOf("participants-closed")
};

export const state = { query: "", openNow: false, origin: null, originLabel: "", outside: false,
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
export function rankOf(place, now) { return rankIn(place, now, store.cal, SOON); }

/* --- loading ---------------------------------------------------------------------------------- */

export function getJson(url) {
  return fetch(url, { credentials: "same-origin" }).then((response) => {
    if (!response.ok) throw new Error("HTTP " + response.status + " for " + url);
    return response.json();
  });
}

/* Fetches `url` once for `where[key]` (a later try after a failure fetches again); `use` takes
   the data. */
export function fetchOnce(where, key, url, use) {
  if (!where[key]) {
    where[key] = getJson(url).then(use);
    where[key].catch(() => { where[key] = null; });
  }
  return where[key];
}

export function fieldsOf(names) {
  const f = {};
  names.forEach((name, i) => { f[name] = i; });
  return f;
}

/* The model from places.json or a big register's index (then with ./pieces.js as `pieces`). */
export function toModel(data, pieces) {
  store.fields = fieldsOf(data.fields);
  Object.keys(data.zips || {}).forEach((zip) => { store.zips[zip] = data.zips[zip]; });
  store.cal = calendarOf(data.calendar, data.holiday_names);
  store.models = scheduleModels(data.schedules, data.exceptions, data.holiday_known);
  store.tables = data;
  store.places = [];
  store.byId = table();
  store.complete = !data.cells;
  store.index = store.complete ? null : pieces.indexOf(data);
  store.pieces = store.complete ? null : pieces;
  addRows(data.places, store.fields);
  SafePlace.byId = store.byId;
}

/* Places from rows of the data (places.json, the index or a cell), whose columns `f` names;
   a place already here stays as it is. A row's order is its place in places.json. */
export function addRows(rows, f) {
  const data = store.tables, byId = store.byId, places = store.places;
  rows.forEach((row, position) => {
    if (byId[row[f.id]]) return;
    const city = data.cities[row[f.city]], schedule = row[f.schedule];
    const region = data.regions ? data.regions[row[f.city]] : "";
    const place = {
      order: f.order === undefined ? position : row[f.order],
      id: row[f.id], name: row[f.name], category: data.categories[row[f.category]],
      address: fullAddress(config && config.address_format, row[f.address], city, region, row[f.zip]),
      tel: row[f.tel], phone: row[f.phone],
      lat: row[f.lat], lon: row[f.lon], website: row[f.website],
      schedule: schedule === null ? null : data.schedules[schedule],
      scheduleIndex: schedule,
      /* null until a big register's words arrive (after the first answer: see loadWords) */
      words: schedule === null ? [H.no_hours] : data.words ? data.words[schedule] : null
    };
    const model = schedule === null ? null : store.models[schedule];
    place.days = model ? model.days : null;
    place.exceptions = model ? model.exceptions : {};
    place.holidayKnown = model ? model.holidayKnown : true;
    place.haystack = fold([place.name, place.category, place.address].join(" "));
    byId[place.id] = place;
    places.push(place);
  });
  if (store.index && places.length >= store.index.total) store.complete = true;
}

/* Every place (a big register's whole places.json); at once when they are all here. */
export function loadAll() {
  return store.complete ? Promise.resolve() : store.pieces.loadAll();
}
