/* Safe Place find page: progressive enhancement of the server-rendered list.
 *
 * Without JavaScript the page is complete: every place, in name order, with hours in words.
 * This module (and those under ./find/, ES modules without a bundler, preloaded by the page
 * with <link rel="modulepreload"> so a slow phone fetches them all in one round trip) adds,
 * once the page's data has arrived (find/places.json, loaded once and shared with the map; or,
 * for a big register, find/index.json and the cells near the visitor through ./find/pieces.js,
 * imported only then): search (#q), nearest-first by ZIP (#zip) or by the device's position
 * (#locate, the position never leaves the device), "open now" in the jurisdiction's time zone
 * (#open-now: open for more than 30 minutes yet, holidays and special days included), a list
 * rendered in windows (never thousands of nodes at once), and the map, loaded only when it
 * scrolls into view or a place is asked for. Sorted by distance, places open now come first
 * and closed ones follow under their own heading; after a search the results heading takes
 * focus. /find/?locate=1 (the home page's "Find the nearest Safe Place") asks for the position
 * at once.
 *
 * window.SafePlace is what other scripts (Folium's find/map.js, ./find/offline.js) and the
 * tests see: hours, byId, ready, cellsToKeep, addPlaces, map, markers.
 */
import { SafePlace, T, base, config, dom, getJson, isOpen, nowThere, state, statusOf, store, toModel } from "./find/data.js";
import * as hours from "./find/hours.js";
import { announce, showError, showResults, update, useSavedCopy } from "./find/list.js";
import { loadMap } from "./find/mapview.js";

SafePlace.hours = {
  nowThere: nowThere, statusOf: statusOf, isOpen: isOpen,
  nextOpening: (place, now) => hours.nextOpening(place, now, store.cal),
  minutesOpen: (place, now) => hours.minutesOpen(place, now, store.cal)
};
SafePlace.cellsToKeep = () => store.index ? store.pieces.cellsToKeep() : null;
SafePlace.useSavedCopy = useSavedCopy;  /* ./find/offline.js: this page is the saved copy */

/* A big register's data is its index (pipeline.find.cells): the code for it starts loading
   with the data, and only then. */
const loadPieces = () => import("./find/pieces.js");
let loaded = null;  /* resolves once the data the page starts from has arrived */

/* Where a ZIP code outside the jurisdiction is: find/zips.json (pipeline.register.geography.
   outside_zip_centres, US ZIP codes only), fetched the first time one is asked for; null when
   it is no known code. */
let outsideZips = null;
function outsideCentre(zip) {
  if (!outsideZips) {
    outsideZips = getJson(base + config.outside_zips);
    outsideZips.catch(() => { outsideZips = null; });
  }
  return outsideZips.then((table) => table.near[zip] || table.prefix[zip.slice(0, 3)] || null);
}

/* A postal code as the register writes it (the settings' POSTCODE_SPACE_AFTER): upper case, no
   spaces, then one space after that many characters; "a1b2c3" -> "A1B 2C3". */
function normalPostcode(text, rule) {
  let code = text.replace(/\s+/g, "").toUpperCase();
  if (rule.space && code.length > rule.space) code = code.slice(0, rule.space) + " " + code.slice(rule.space);
  return code;
}

function searchZip() {
  const rule = config.postcode, zip = normalPostcode(dom.zip.value, rule);
  if (!new RegExp("^(?:" + rule.pattern + ")$").test(zip)) return showError(T.zip_invalid, true);
  const key = rule.prefix ? zip.slice(0, rule.prefix) : zip;
  const own = store.zips[key];
  return (own ? Promise.resolve(own) : outsideCentre(zip)).then((centre) => {
    if (!centre) return showError(hours.fmt(T.zip_unknown, { zip: zip }), true);
    state.origin = { lat: centre[0], lon: centre[1] };
    state.originLabel = zip;
    state.outside = !own;  /* the status line says so; the places are sorted from its centre */
    state.limit = config.window;
    dom.error.textContent = "";
    return update().then((shown) => { if (shown) showResults(); });
  }, () => showError(hours.fmt(T.zip_unknown, { zip: zip }), true));
}

function locate() {
  if (!navigator.geolocation) return showError(T.geo_unsupported, true);
  dom.error.textContent = "";
  dom.status.textContent = T.locating;
  navigator.geolocation.getCurrentPosition((position) => {
    loaded.then(() => {
      state.origin = { lat: position.coords.latitude, lon: position.coords.longitude };
      state.originLabel = "";
      state.outside = false;
      state.limit = config.window;
      return update().then((shown) => { if (shown) showResults(); });
    });
  }, (failure) => {
    loaded.then(update);
    showError(failure.code === 1 ? T.geo_denied : T.geo_failed, true);
  }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
}

/* The controls work as soon as they are shown; what needs the data waits for it. */
function wire() {
  const form = dom.form;
  form.hidden = false;
  let typing = null;
  dom.query.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      loaded.then(() => {
        state.query = dom.query.value;
        state.limit = config.window;
        update().then((shown) => { if (shown) announce(); });
      });
    }, 150);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    loaded.then(() => {
      state.query = dom.query.value;
      if (dom.zip.value.trim()) return searchZip();
      dom.error.textContent = "";
      update().then((shown) => { if (shown) announce(); });
    });
  });
  dom.locate.addEventListener("click", locate);
  dom.openNow.addEventListener("change", () => {
    loaded.then(() => {
      state.openNow = dom.openNow.checked;
      state.limit = config.window;
      update().then((shown) => { if (shown) announce(); });
    });
  });
  dom.more.addEventListener("click", () => {
    const before = state.limit;
    state.limit += config.window;
    update().then((shown) => {
      if (shown && shown[before]) {
        const node = store.nodes[shown[before].id];
        node.setAttribute("tabindex", "-1");
        node.focus();
      }
    });
  });
  /* From the home page's "Find the nearest Safe Place": ask for the position at once. */
  if (/(?:^|[?&])locate=1(?:&|$)/.test(window.location.search)) {
    if (window.history && history.replaceState) {
      history.replaceState(null, "", window.location.pathname + window.location.hash);
    }
    locate();
  }
}

function start(data, pieces) {
  toModel(data, pieces);
  dom.list.querySelectorAll(":scope > [data-id]").forEach((node) => {
    const id = node.getAttribute("data-id");
    store.nodes[id] = node;  /* the server's card, used when its place is in the list */
    if (store.complete && !store.byId[id]) node.hidden = true;
  });
  const pager = document.querySelector(".pages");
  if (pager) pager.hidden = true;
  dom.map.hidden = false;
  update();
  setInterval(update, 60000);  // "open now" stays true as the minutes pass
  /* On paper every card shows its week: folded hours open for printing. */
  window.addEventListener("beforeprint", () => {
    dom.list.parentNode.querySelectorAll("details.place-hours").forEach((d) => { d.open = true; });
  });
  if ("IntersectionObserver" in window) {
    const watcher = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        watcher.disconnect();
        loadMap();
      }
    }, { rootMargin: "200px" });
    watcher.observe(dom.map);
  } else {
    loadMap();
  }
  document.documentElement.setAttribute("data-find-ready",
                                        String(store.complete ? store.places.length : store.index.total));
}

/* Compact cards at once, before the data: the status line leads, the week folds (site.css
   already shows them folded until this runs, so nothing moves). */
function foldWeeks() {
  dom.list.querySelectorAll(":scope > [data-id] details.place-hours").forEach((week) => {
    week.open = false;
    week.classList.add("js-week");
  });
}

if (config && dom.list) {
  foldWeeks();
  const early = /(^|\/)index\.json$/.test(config.data) ? loadPieces() : null;
  if (early) early.catch(() => {});  /* told by the data below */
  loaded = getJson(base + config.data).then((data) => data.cells
    ? (early || loadPieces()).then((pieces) => start(data, pieces)) : start(data, null));
  SafePlace.ready = loaded;  /* for ./find/offline.js */
  loaded.catch((error) => {
    /* The server-rendered list stays as it is: complete and usable; the controls go. */
    dom.form.hidden = true;
    console.warn("Safe Place find page:", error.message);
  });
  wire();
}
