/* List rendering: what the list shows for what the visitor asked (shown once it is exact: a
 * big register first fetches what it needs, through ./pieces.js), the cards, in windows (never thousands of nodes at once),
 * with each place's status now, its distance and a "Show on map" button; the heading and the
 * status line say what the list now is.
 *
 * Strings from data reach the page only through textContent or checked attributes, never as
 * HTML, so markup in the register can never run.
 */
import { T, base, config, dom, el, many, nowThere, rankOf, state, statusOf, store } from "./data.js";
import { fmt, holidayName } from "./hours.js";
import { showOnMap, syncMarkers } from "./mapview.js";
import { matching as matchingIn } from "./order.js";
import { searchTerms } from "./search.js";

export const initialHeading = dom.heading ? dom.heading.textContent : "";

/* A number as shown: the national form the build wrote (places.json's phone), else its E.164. */
export function phoneText(tel, shown) {
  return shown || tel;
}

/* Any E.164 number (+, a country code, at most 15 digits): what a tel: link may dial. */
export const DIALABLE = /^\+[1-9]\d{6,14}$/;


/* A visible text with the place's name after it for screen readers only. */
function named(node, visible, hiddenText) {
  node.appendChild(document.createTextNode(visible));
  node.appendChild(el("span", "visually-hidden", hiddenText));
  return node;
}

function directionsUrl(place) {
  return fmt(config.directions, {
    lat: place.lat, lon: place.lon, address: encodeURIComponent(place.address)
  });
}

/* A list item like the server's (find_place.html), for places the server did not put on this
   page. */
function buildNode(place) {
  const li = el("li", "place");
  li.id = "place-" + place.id;
  li.setAttribute("data-id", place.id);
  const heading = li.appendChild(el("h3", "place-name"));
  heading.appendChild(el("a", "", place.name)).href = base + config.places + encodeURIComponent(place.id) + "/";
  const lead = el("p", "place-lead");
  lead.appendChild(el("span", "place-distance"));
  const status = el("span", "place-status");
  status.hidden = true;
  lead.appendChild(status);
  li.appendChild(lead);
  const actions = el("p", "place-actions");
  if (DIALABLE.test(place.tel)) {
    const call = named(el("a", "action action-call"), T.call, " " + T.call_to + place.name + ",");
    call.appendChild(document.createTextNode(" "));
    call.appendChild(el("span", "place-phone", phoneText(place.tel, place.phone)));
    call.href = "tel:" + place.tel;
    actions.appendChild(call);
  }
  const directions = named(el("a", "action"), T.directions, " – " + place.name);
  directions.href = directionsUrl(place);
  actions.appendChild(directions);
  if (/^https?:\/\//i.test(place.website)) {
    const site = named(el("a", "action"), T.website, " – " + place.name);
    site.href = place.website;
    actions.appendChild(site);
  }
  li.appendChild(actions);  /* the call link right under the name, as the server puts it */
  const meta = el("p", "place-meta");
  meta.appendChild(el("span", "place-category", place.category));
  meta.appendChild(document.createTextNode(" · "));
  meta.appendChild(el("span", "place-address", place.address));
  li.appendChild(meta);
  const hours = el("details", "place-hours");  /* folded: the status line says what matters now */
  hours.appendChild(el("summary", "", T.hours));
  const ul = el("ul", "place-week");
  (place.words || []).forEach((line) => { ul.appendChild(el("li", "", line)); });
  hours.appendChild(ul);
  li.appendChild(hours);
  return li;
}

function nodeFor(place) {
  const nodes = store.nodes;
  let node = nodes[place.id];
  if (!node) node = nodes[place.id] = buildNode(place);
  if (!node.querySelector(".action-map")) {
    const button = named(el("button", "action action-map"), T.show_on_map, " – " + place.name);
    button.type = "button";
    button.addEventListener("click", () => { showOnMap(place.id, button); });
    node.querySelector(".place-actions").appendChild(button);
  }
  return node;
}

/* A distance (kept in miles by order.js) in the site's unit, as the words say it: "0.4 miles ·
   " / "0,4 millas · " in the page's language; never "0.0": under a tenth, "under 0.1 miles"
   (as the server's ZIP pages write it, pipeline.site.zippages). */
const tenths = config ? new Intl.NumberFormat(config.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : null;
export function distanceText(miles) {
  const d = config.unit === "km" ? miles * 1.609344 : miles;
  return (d < 0.05 ? fmt(T.distance_near || T.distance, { d: tenths.format(0.1) })
    : fmt(T.distance, { d: tenths.format(d) })) + " · ";
}

/* "1 place" / "12 places": a string's _one form when there is one and n is 1. */
function counted(key, values) {
  const template = values.n === 1 && T[key + "_one"] ? T[key + "_one"] : T[key], shown = {};
  Object.keys(values).forEach((k) => { shown[k] = many(values[k]); });
  return fmt(template, shown);
}

/* The results heading says what the list now is ("12 places, nearest first, 8 open now"),
   and names today's public holiday ("· Today is Thanksgiving Day: some hours may differ"):
   `known` has how many places match and how many of them are open, of the whole register. */
function headingText(known, now) {
  const holiday = holidayName(now, store.cal), heading = listHeading(known);
  return holiday && T.heading_holiday ? fmt(T.heading_holiday, { heading: heading, holiday: holiday }) : heading;
}
function listHeading(known) {
  if (state.origin) {
    return state.openNow ? counted("heading_near_open", { n: known.total })
      : counted("heading_near", { n: known.total, open: known.open });
  }
  if (state.openNow) return counted("heading_open", { n: known.total });
  if (state.query.trim()) return counted("heading_matches", { n: known.total });
  return initialHeading;
}

/* Puts `node` right after the card last put in `target`, moving it only when it is not there
   already: moving a card takes the focus out of it, so the minute's refresh of an unchanged
   list must move nothing under a keyboard or screen-reader visitor. Only while the focus is
   in the list (`keep`): otherwise every card is put in again, as new, which is what a browser
   expects of a list made anew (a card kept in place while the ones around it change counts as
   the page jumping, in Chromium's layout-shift score and to a visitor's eye). */
function putInOrder(target, node, placed, keep) {
  if (!keep) {
    target.appendChild(node);
    return;
  }
  const previous = placed.get(target);
  const slot = previous ? previous.nextSibling : target.firstChild;
  if (slot !== node) target.insertBefore(node, slot);
  placed.set(target, node);
}

/* Shows the first window of `found` (`known`: the counts of the whole register); returns the
   places shown. */
export function render(found, known, now) {
  const { list, closedList, closedHeading, more } = dom, nodes = store.nodes;
  const shown = found.slice(0, state.limit), visible = Object.create(null);
  const split = Boolean(state.origin), focused = document.activeElement;
  const keep = Boolean(focused) && (list.contains(focused) || closedList.contains(focused));
  const placed = new Map();  /* each list's last card put in order */
  let closedShown = 0;
  shown.forEach((place) => {
    const node = nodeFor(place), status = statusOf(place, now);
    const line = node.querySelector(".place-status");
    line.textContent = status.text;
    line.className = "place-status " + (status.closingSoon ? "is-closing" : status.open ? "is-open" : "is-closed");
    line.hidden = false;
    node.classList.toggle("is-closed", !status.open);
    node.querySelector(".place-distance").textContent = state.origin ? distanceText(place.distance) : "";
    node.hidden = false;
    if (split && !place.isOpen) closedShown += 1;
    putInOrder(split && !place.isOpen ? closedList : list, node, placed, keep);
    visible[place.id] = true;
  });
  /* a card that had to move (its place closed, the order changed) keeps the visitor's focus */
  if (keep && focused !== document.activeElement && focused.isConnected) {
    focused.focus({ preventScroll: true });
  }
  Object.keys(nodes).forEach((id) => { if (!visible[id]) nodes[id].hidden = true; });
  closedHeading.hidden = closedList.hidden = closedShown === 0;
  more.hidden = known.total <= shown.length;
  more.textContent = T.more;
  const partial = store.savedOnly && !store.complete, places = store.places;
  const total = store.complete || store.savedOnly ? places.length : store.index.total;
  const text = (partial ? fmt(T.saved_only, { n: many(places.length) }) : "") +
    (known.total === 0 ? T.none
    : fmt(T.showing, { shown: many(shown.length), matches: many(known.total) }) +
      (known.total < total ? fmt(T.of_total, { total: many(total) }) : "") +
      (state.origin ? (state.originLabel ? fmt(state.outside ? T.near_zip_outside : T.near_zip, { zip: state.originLabel }) : T.near_you) : "") +
      (state.openNow ? T.open_only : ""));
  if (dom.status.textContent !== text) dom.status.textContent = text;
  /* a saved copy that holds part of a big register says what this device holds */
  const asked = state.origin || state.openNow || state.query.trim();
  const heading = partial && !asked ? counted("heading_saved", { n: places.length })
    : (partial ? T.saved_heading : "") + headingText(known, now);
  if (dom.heading.textContent !== heading) dom.heading.textContent = heading;
  syncMarkers(found);
  /* cards made here for a big register wait for their week in words (the server's have it) */
  if (shown.some((p) => {
    const week = nodes[p.id].querySelector(".place-week");
    return p.words === null && week && !week.firstChild;
  })) store.pieces.loadWords();
  return shown;
}

/* After a search by position or ZIP: the results come into view and their heading takes
   focus, so a screen reader announces what was found. */
export function showResults() {
  dom.heading.scrollIntoView({ block: "start" });
  dom.heading.focus({ preventScroll: true });
  announce();
}

/* Says the status line once, after a visitor's search has its answer (sorted, filtered): the
   one announcement per search. The list the page starts from, "Finding your location…" and the
   minute's refresh are not announced. */
export function announce() {
  if (!dom.announce) return;
  dom.announce.textContent = "";
  const text = dom.status.textContent;
  setTimeout(() => { dom.announce.textContent = text; }, 50);
}

export function showError(message, focusZip) {
  dom.error.textContent = message;
  if (focusZip) dom.zip.focus();
}

/* --- applying search, sorting and filters ------------------------------------------------ */
/* The places that match, in the order shown (./order.js); each place learns p.rank and
   p.isOpen. The map's markers and the saved copy use this same order. */
export function matching(now) {
  return matchingIn(store.places, searchTerms(state.query), state.openNow, state.origin,
                    (p) => rankOf(p, now));
}

/* How many places of the whole register match and how many of them are open now. */
function countsOf(found, now, plan) {
  if (store.complete || store.savedOnly || (plan && plan.exact)) {
    return { total: found.length, open: found.filter((p) => p.isOpen).length };
  }
  return store.pieces.counts(now);
}

/* Shows the list for the current search once it is exact, fetching what it needs first;
   resolves with the places shown (null when the data could not be fetched). */
export function update() {
  const pieces = store.complete || store.savedOnly ? null : store.pieces;
  const now = nowThere(), found = matching(now), plan = pieces && pieces.planFor();
  const known = countsOf(found, now, plan), need = pieces && pieces.shortfall(found, known, plan);
  if (!need) return Promise.resolve(render(found, known, now));
  dom.status.textContent = T.loading;
  const loading = need === "all" ? pieces.loadAll() : typeof need === "function" ? need()
    : Promise.all(need.map(pieces.loadCell));
  return loading.then(update, (error) => {
    console.warn("Safe Place find page:", error.message);
    /* Without signal, on a saved copy that keeps only the places nearby: the list says it
       shows those, never that they are all there is. */
    if (!store.savedOnly && navigator.serviceWorker && navigator.serviceWorker.controller) {
      return useSavedCopy();
    }
    dom.status.textContent = "";
    showError(T.load_failed);
    return null;
  });
}

/* The page comes from a saved copy that keeps only part of a big register (the places nearby):
   from now on the list is what this device holds, and says so ("4,976 places saved on this
   device"), never the register's whole count. */
export function useSavedCopy() {
  if (store.complete || store.savedOnly) return Promise.resolve(null);
  store.savedOnly = true;
  return Promise.all(store.index.cells.map((c) => store.pieces.loadCell(c).catch(() => null))).then(update);
}
