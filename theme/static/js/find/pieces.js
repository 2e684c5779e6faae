/* Loading in pieces: only a register above FIND_SPLIT_ABOVE places loads this module (the
 * page imports it when its data is find/index.json; a small register never downloads it).
 *
 * A big register's index (pipeline.find.cells) says how many places follow each schedule, so
 * the counts are exact before the places are here. From a position the page then fetches the
 * cells nearest to it until no cell still away could hold a place nearer than one the list
 * shows. In name order it fetches the rows of places.json in files, from the first on
 * (nameOrderShortfall); for a search, the cells that can hold a match (searchPlan, from the
 * search shards); for the map, the whole places.json. Nothing is shown until it is exact.
 */
import { addRows, base, el, fetchOnce, fieldsOf, getJson, rankOf, state, store } from "./data.js";
import { CLOSED } from "./hours.js";
import { cellsAway } from "./order.js";
import { fold, packedHas, searchRuns, searchTerms } from "./search.js";

const MAX_RUNS = 4;
let fullLoad = null, wordsLoad = null;
const shards = Object.create(null), shardLoads = Object.create(null);

/* Where the rest of the register is, from its index. */
export function indexOf(data) {
  return {
    total: data.total, counts: data.counts, full: data.full, base: data.cells.base, search: data.search,
    rows: { base: data.rows.base, size: data.rows.size, head: data.places.length, done: [], loads: [] },
    offline: data.offline, centre: data.centre, words: data.words_file,
    cells: data.cells.list.map((c) => ({ name: c[0], s: c[1], w: c[2], n: c[3], e: c[4], count: c[5], loaded: null }))
  };
}

export function loadAll() {
  if (store.complete) return Promise.resolve();
  if (!fullLoad) {
    fullLoad = getJson(base + store.index.full).then((data) => {
      addRows(data.places, fieldsOf(data.fields));
      store.complete = true;
      fillWords(data.words);
    });
    fullLoad.catch(() => { fullLoad = null; });  /* a later try may succeed */
  }
  return fullLoad;
}

/* A big register's schedules in words come in their own file (the index stays small however
   many different opening hours the register has), fetched once the first answer is shown. */
export function loadWords() {
  if (!wordsLoad && !store.tables.words) {
    wordsLoad = getJson(base + store.index.words).then((data) => { fillWords(data.words); });
    wordsLoad.catch((error) => {
      wordsLoad = null;
      console.warn("Safe Place find page:", error.message);
    });
  }
}
function fillWords(words) {
  if (store.tables.words) return;
  store.tables.words = words;
  store.places.forEach((place) => {
    if (place.words !== null) return;
    place.words = words[place.scheduleIndex];
    const node = store.nodes[place.id], week = node && node.querySelector(".place-week");
    if (week && !week.firstChild) {
      place.words.forEach((line) => { week.appendChild(el("li", "", line)); });
    }
  });
}

export function loadCell(cell) {
  return fetchOnce(cell, "loaded", base + store.index.base + cell.name + ".json", (data) => {
    addRows(data.places, store.fields);
    cell.done = true;
  });
}

function loadRows(k) {
  const rows = store.index.rows;
  return fetchOnce(rows.loads, k, base + rows.base + k + ".json", (data) => {
    addRows(data.places, store.fields);
    rows.done[k] = true;
  });
}

/* A search fetches only the cells that hold a match, found from the search shards: a match
   holds every run of three letters or digits of the search, so the places holding all of a
   few uncommon runs are the only candidates; a search with no uncommon run needs every place. */
function loadShard(key) {
  return fetchOnce(shardLoads, key, base + store.index.search.base + key + ".json", (data) => {
    shards[key] = data;
  });
}

/* The places (positions counted cell by cell) holding a run: [] when no place does. */
function holders(run) {
  const steps = shards[run.slice(0, 2)][run] || [];
  let at = 0;
  return steps.map((step) => (at += step));
}

/* What a search still needs: {exact: true} when every cell that holds a match is here,
   {all: true} for places.json, or {load: function} fetching shards or cells first. */
function searchPlan(terms) {
  const index = store.index;
  const runs = searchRuns(terms, store.tables.categories.map(fold), index.search.common, MAX_RUNS);
  if (!runs.length) return { all: true };
  if (!runs.every((run) => packedHas(index.search.keys, run.slice(0, 2)))) {
    return { exact: true };  /* a run no place holds: no match */
  }
  const missing = runs.map((run) => run.slice(0, 2)).filter((key, i, all) => !shards[key] && all.indexOf(key) === i);
  if (missing.length) {
    /* shards not at hand (a saved copy without them): the whole places.json instead */
    return { load: () => Promise.all(missing.map(loadShard)).catch(loadAll) };
  }
  const candidates = runs.map(holders).reduce((kept, next) => {
    const inNext = Object.create(null);
    next.forEach((p) => { inNext[p] = true; });
    return kept.filter((p) => inNext[p]);
  });
  const pending = [];
  let first = 0, c = 0;
  index.cells.forEach((cell) => {
    const last = first + cell.count;
    while (c < candidates.length && candidates[c] < first) c++;
    if (c < candidates.length && candidates[c] < last && !cell.done) pending.push(cell);
    first = last;
  });
  if (!pending.length) return { exact: true };
  const count = pending.reduce((sum, cell) => sum + cell.count, 0);
  if (count > index.total / 2) return { all: true };
  return { load: () => Promise.all(pending.map(loadCell)) };
}

/* What a search still needs (searchPlan), null without a search. */
export function planFor() {
  const terms = searchTerms(state.query);
  return terms.length ? searchPlan(terms) : null;
}

/* How many places of the whole register match, how many of them are open now and how many
   have each rank (./hours.js rankOf), from the index's count of places per schedule (the
   search, if any, is not exact yet). */
export function counts(now) {
  const ranks = [0, 0, 0, 0];
  store.models.forEach((model, n) => { ranks[rankOf(model, now)] += store.index.counts[n]; });
  ranks[CLOSED] += store.index.total - ranks.reduce((sum, k) => sum + k, 0);  /* no hours */
  const open = store.index.total - ranks[CLOSED];
  if (state.openNow) ranks[CLOSED] = 0;
  return { total: state.openNow ? open : store.index.total, open: open, ranks: ranks };
}

/* What must still arrive for the list's first window to be exact: null (nothing), "all"
   (places.json), the cells to fetch next, or a function fetching what a search or the name
   order needs. */
export function shortfall(found, known, plan) {
  const index = store.index;
  if (plan) return plan.exact ? null : plan.all ? "all" : plan.load;
  const limit = Math.min(state.limit, known.total);
  if (!state.origin) return nameOrderShortfall(found, known, limit);
  const away = cellsAway(index.cells, state.origin), frontier = away.length ? away[0].away : Infinity;
  /* every place of a rank here (those of the ranks before it come first) */
  const here = [0, 0, 0, 0];
  found.forEach((p) => { here[p.rank] += 1; });
  const complete = here.map((n, r) => n >= known.ranks[r]);
  let sure = found.length >= limit, i;
  for (i = 0; i < limit && sure; i++) {
    const p = found[i];
    /* A place is certain when every place of the ranks before its own is here and no place
       of its rank still away can be nearer (none is nearer than the nearest cell away; a
       closed place counts as away while the register is not all here). */
    const earlier = complete.slice(0, p.rank).every(Boolean);
    const ownRank = p.rank < CLOSED && complete[p.rank];
    if (!earlier || (!ownRank && p.distance > frontier)) sure = false;
  }
  if (sure) return null;
  /* About how many places it takes around the origin for a window of open ones. */
  const near = index.cells.reduce((sum, c) => sum + (c.done ? c.count : 0), 0);
  const wanted = limit / Math.max(known.open / Math.max(known.total, 1), 0.02) - near;
  if (wanted > index.total / 2) return "all";
  const reach = found.length >= limit ? found[limit - 1].distance : Infinity, batch = [];
  let sum = 0;
  for (i = 0; i < away.length && batch.length < 8; i++) {
    if (batch.length && sum >= wanted && away[i].away > reach) break;
    batch.push(away[i]);
    sum += away[i].count;
  }
  return batch;
}

/* Whether the first `limit` places found (ranked, then in name order) are certain when every
   place before `prefix` in places.json is here. */
function rankedCertain(found, known, prefix, limit) {
  const here = [0, 0, 0, 0];
  found.forEach((p) => { here[p.rank] += 1; });
  const complete = here.map((n, r) => n >= known.ranks[r]);
  for (let i = 0; i < Math.min(limit, known.total); i++) {
    const p = found[i];
    if (!p || !complete.slice(0, p.rank).every(Boolean) || (!complete[p.rank] && p.order >= prefix)) {
      return false;
    }
  }
  return true;
}

/* In name order the first `limit` places found are certain once every place before the
   last of them in places.json is here: the index's first window, then the files of rows
   (find/rows/<k>.json) from the first on. "Open now only" ranks them first (./order.js): then
   a place is certain once every place of the ranks before its own is here, and every place of
   its rank before it in places.json. Returns null, or a function fetching the next few files
   (as many as the share open now says the window needs), or "all". */
function nameOrderShortfall(found, known, limit) {
  const index = store.index, rows = index.rows;
  let k = 0;
  while (rows.done[k]) k++;
  const prefix = Math.min(Math.max(rows.head, k * rows.size), index.total);
  const below = found.filter((p) => p.order < prefix).length;
  if (prefix >= index.total || (state.openNow ? rankedCertain(found, known, prefix, limit) : below >= limit)) {
    return null;
  }
  const share = Math.max(known.total / Math.max(index.total, 1), 0.02);
  const wanted = (limit - below) / share;
  if (wanted > index.total / 2) return "all";
  const files = [];
  for (let n = k; files.length < Math.min(8, Math.ceil((prefix + wanted) / rows.size) - k) &&
       n * rows.size < index.total; n++) {
    if (!rows.done[n]) files.push(n);
  }
  if (!files.length) files.push(k);
  /* not at hand (a saved copy without them): the whole places.json instead */
  return () => Promise.all(files.map(loadRows)).catch(loadAll);
}

/* For the saved copy (./offline.js) of a register too big to store whole: the cells nearest
   the visitor's position or ZIP (or the map's centre when neither was given) that hold about
   index.offline places. null when the saved copy holds every place anyway. */
export function cellsToKeep() {
  const index = store.index;
  if (index.total <= index.offline) return null;
  const origin = state.origin || { lat: index.centre[0], lon: index.centre[1] };
  const kept = [], nearest = cellsAway(index.cells, origin, true);
  let count = 0;
  for (let i = 0; i < nearest.length && (!kept.length || count + nearest[i].count <= index.offline); i++) {
    kept.push(new URL(base + index.base + nearest[i].name + ".json", document.baseURI).href);
    count += nearest[i].count;
  }
  return { urls: kept, places: count,
           near: !state.origin ? "centre" : state.originLabel ? "zip" : "you", zip: state.originLabel };
}
