/* Data loading: the page's data (places.json, loaded once and shared with the map; or, for a
 * big register, find/index.json, see ./pieces.js) turned into the places the list shows.
 */
import { calendarOf, scheduleModels } from "./hours.js";
import { fold } from "./search.js";
import { H, SafePlace, store, table } from "./page.js";

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
  store.cal = calendarOf(data.calendar);
  store.models = scheduleModels(data.schedules, data.exceptions);
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
    const place = {
      order: f.order === undefined ? position : row[f.order],
      id: row[f.id], name: row[f.name], category: data.categories[row[f.category]],
      address: row[f.address] + ", " + city + " " + row[f.zip], tel: row[f.tel],
      lat: row[f.lat], lon: row[f.lon], website: row[f.website],
      schedule: schedule === null ? null : data.schedules[schedule],
      scheduleIndex: schedule,
      /* null until a big register's words arrive (after the first answer: see loadWords) */
      words: schedule === null ? [H.no_hours] : data.words ? data.words[schedule] : null
    };
    const model = schedule === null ? null : store.models[schedule];
    place.days = model ? model.days : null;
    place.exceptions = model ? model.exceptions : {};
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
