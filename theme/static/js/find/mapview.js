/* The map, loaded on demand (when it scrolls into view or a place is asked for): Leaflet, the
 * marker cluster and find/map.js (Folium's), which calls SafePlace.addPlaces once the map and
 * the cluster exist. The map shows the places the list matches, all of them, not just the
 * window; a marker is made the first time the map shows its place.
 */
import { SafePlace, T, base, config, dom, el, loadAll, many, nowThere, state, statusOf, store } from "./data.js";
import { fmt } from "./hours.js";
import { DIALABLE, matching, phoneText, update } from "./list.js";

let mapReady = null, mapPromise = null, resolveMap = null, markersKey = "", originKey = "";
/* A place "Show on map" was asked for: the view goes to it, not to the fit around the visitor. */
let asked = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.async = false;
    script.onload = resolve;
    script.onerror = () => { reject(new Error("could not load " + src)); };
    document.body.appendChild(script);
  });
}

/* Without a connection the map cannot load (Leaflet and the tiles are never in the saved
   copy): its area says so, and the list above still answers. */
function mapUnavailable() {
  mapPromise = null;
  const box = document.getElementById(config.map_id);
  if (!box || box.querySelector(".map-unavailable")) return;
  const note = el("p", "map-unavailable", T.map_offline);
  note.tabIndex = -1;
  box.appendChild(note);
  window.addEventListener("online", () => {
    note.remove();
    loadMap();
  }, { once: true });
}

export function loadMap() {
  if (mapPromise) return mapPromise;
  if (navigator.onLine === false) {
    mapUnavailable();
    return Promise.reject(new Error("no connection"));
  }
  /* A big register's places.json (a marker for every place) is fetched once the map is there
     with the places at hand (SafePlace.addPlaces), so it never slows Leaflet down. */
  config.map.css.forEach((href) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = base + config.static + href;
    document.head.appendChild(link);
  });
  let rejectMap = null;
  const promise = mapPromise = new Promise((resolve, reject) => { resolveMap = resolve; rejectMap = reject; });
  let chain = Promise.resolve();
  config.map.js.concat([null]).forEach((src) => {
    chain = chain.then(() => {
      if (!src) calmMotion();
      return loadScript(base + (src ? config.static + src : config.map_script));
    });
  });
  chain.catch((error) => {
    console.warn("Safe Place map:", error.message);
    mapUnavailable();
    rejectMap(error);
  });
  return promise;
}

/* Honour "reduce motion": no zoom, fade or cluster animations (set before the map exists). */
function calmMotion() {
  if (!window.matchMedia || !window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
  const L = window.L;
  if (L && L.Map) L.Map.mergeOptions({ zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false });
  if (L && L.MarkerClusterGroup) L.MarkerClusterGroup.mergeOptions({ animate: false, animateAddingMarkers: false });
  document.documentElement.setAttribute("data-reduced-motion", "");
}

function popupFor(place) {
  const box = el("div", "popup");
  box.appendChild(el("p", "popup-name", place.name));
  box.appendChild(el("p", "popup-category", place.category));
  box.appendChild(el("p", "", place.address));
  box.appendChild(el("p", "popup-status", statusOf(place, nowThere()).text));
  const actions = el("p", "popup-actions");
  if (DIALABLE.test(place.tel)) {
    const call = el("a", "", T.call + " " + phoneText(place.tel, place.phone));
    call.href = "tel:" + place.tel;
    actions.appendChild(call);
  }
  const details = el("a", "", T.details);
  details.href = "#place-" + place.id;
  details.addEventListener("click", (event) => {
    event.preventDefault();
    revealInList(place.id);
  });
  actions.appendChild(details);
  box.appendChild(actions);
  return box;
}

function revealInList(id) {
  loadAll().then(() => {
    const at = matching(nowThere()).indexOf(store.byId[id]);
    if (at >= state.limit) state.limit = at + 1;
    return update();
  }).then((shown) => { if (shown) focusPlace(id); }, () => {});
}

function focusPlace(id) {
  const node = store.nodes[id];
  if (!node || node.hidden) return;
  const current = dom.list.querySelector(".is-selected");
  if (current) current.classList.remove("is-selected");
  node.classList.add("is-selected");
  node.setAttribute("tabindex", "-1");
  node.scrollIntoView({ block: "start" });
  node.focus();
}

/* Called by find/map.js (Folium) once the map and the marker cluster exist; the markers go
   in when that script has finished (the cluster is on the map by then). The places already
   here get theirs at once (a big register's nearby cells: "Show on map" opens without waiting
   for the whole register); the others as soon as places.json has arrived. html[data-map-ready]
   then says how many places the map has. */
SafePlace.addPlaces = function (map, cluster) {
  map.whenReady(() => {
    setTimeout(() => {
      addMarkers(map, cluster);
      loadAll().catch((error) => {
        console.warn("Safe Place map:", error.message);
      }).then(() => {
        syncMarkers(matching(nowThere()));
        document.documentElement.setAttribute("data-map-ready", String(store.places.length));
      });
    }, 0);
  });
};

function addMarkers(map, cluster) {
  /* Escape closes an open popup from anywhere inside the map (Leaflet only listens when the
     map itself has focus, not a link in its popup). */
  map.getContainer().addEventListener("keydown", (event) => {
    if (event.key === "Escape" && map._popup && map.hasLayer(map._popup)) map.closePopup();
  });
  mapReady = { map: map, cluster: cluster, markers: Object.create(null), here: null };
  /* A cluster says how many places it holds ("12 places"), to the eye and to a screen reader
     (not "button 12"). */
  if (window.L.MarkerClusterGroup && cluster instanceof window.L.MarkerClusterGroup) cluster.options.iconCreateFunction = (group) => {
    const n = group.getChildCount(), size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    const html = '<div><span aria-hidden="true">' + many(n) + '</span><span class="visually-hidden">' +
      fmt(T.cluster, { n: many(n) }) + "</span></div>";
    return window.L.divIcon({ html: html, className: "marker-cluster marker-cluster-" + size, iconSize: [40, 40] });
  };
  SafePlace.map = map;
  SafePlace.markers = mapReady.markers;
  markersKey = "";
  syncMarkers(matching(nowThere()));
  resolveMap(mapReady);
}

/* A place's marker, made the first time the map shows it. */
function markerOf(place) {
  const L = window.L;
  let marker = mapReady.markers[place.id];
  if (marker) return marker;
  marker = mapReady.markers[place.id] = L.marker([place.lat, place.lon], {
    icon: L.divIcon({ className: "sp-marker", iconSize: [26, 26] }),
    /* Not a tab stop: nearby places' markers overlap on a phone (WCAG 2.2 2.5.8), and every
       marker's one action has its equivalent in the list ("Show on map" opens this popup),
       which is where keyboard and screen-reader users go. A tap still opens the popup. */
    title: place.name, alt: place.name, keyboard: false
  });
  marker.bindPopup(() => popupFor(place));
  marker.on("click", () => {
    const node = store.nodes[place.id];
    const current = dom.list.querySelector(".is-selected");
    if (current) current.classList.remove("is-selected");
    if (node) node.classList.add("is-selected");
  });
  return marker;
}

/* The map shows the places the list matches (all of them, not just the window). */
export function syncMarkers(found) {
  if (!mapReady) return;
  const key = found.map((p) => p.id).join("|");
  if (key === markersKey) return;
  markersKey = key;
  mapReady.cluster.clearLayers();
  const now = nowThere();
  mapReady.cluster.addLayers(found.map((place) => withStatus(markerOf(place), place, now)));
  showOrigin(found);
}

/* Open, closing soon and closed differ in shape and symbol, not only in colour: a circle with
   a tick, a diamond with "!", a grey square with "×"; the marker's name says the status too. */
const LOOKS = {
  "is-open": "\u2713", "is-closing": "!", "is-closed": "\u00d7"
};
function withStatus(marker, place, now) {
  const status = statusOf(place, now);
  const look = status.closingSoon ? "is-closing" : status.open ? "is-open" : "is-closed";
  const name = place.name + ", " + status.text;
  if (marker.named !== name) {
    marker.named = name;
    marker.options.title = place.name + " \u2013 " + status.text;
    marker.setIcon(window.L.divIcon({
      className: "sp-marker " + look, iconSize: [28, 28],
      html: '<span class="sp-symbol" aria-hidden="true">' + LOOKS[look] + "</span>" +
        '<span class="visually-hidden">' + escapeHtml(name) + "</span>"
    }));
  }
  return marker;
}

/* Text from data inside a marker's HTML (Leaflet's divIcon takes HTML): escaped, never markup. */
function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
}

/* After locating (or a ZIP code): a "You are here" marker (or the ZIP code's centre) and the
   view fitted to it and the nearest places, so the map starts where the visitor is. */
const FIT_NEAREST = 5;
function showOrigin(found) {
  const L = window.L, origin = state.origin;
  const key = origin ? origin.lat + "," + origin.lon : "";
  if (key === originKey) return;
  originKey = key;
  if (mapReady.here) { mapReady.map.removeLayer(mapReady.here); mapReady.here = null; }
  if (!origin) return;
  const label = state.originLabel ? fmt(T.zip_marker, { zip: state.originLabel }) : T.you_are_here;
  mapReady.here = L.marker([origin.lat, origin.lon], {
    icon: L.divIcon({
      className: "sp-here", iconSize: [24, 24],
      html: '<span class="sp-here-dot" aria-hidden="true"></span><span class="sp-here-label">' + "</span>"
    }),
    title: label, keyboard: false, zIndexOffset: -1000  /* under the places: none is hidden */
  }).addTo(mapReady.map);
  mapReady.here.getElement().querySelector(".sp-here-label").textContent = label;
  mapReady.here.getElement().setAttribute("role", "img");
  mapReady.here.getElement().setAttribute("aria-label", label);
  if (asked) return;  /* the popup of the place asked for decides the view */
  const points = [[origin.lat, origin.lon]].concat(found.slice(0, FIT_NEAREST).map((p) => [p.lat, p.lon]));
  mapReady.map.fitBounds(L.latLngBounds(points), { padding: [32, 32], maxZoom: 16, animate: false });
  document.documentElement.setAttribute("data-map-origin", key);
}

/* Opens the place's popup with focus in it; when the popup closes, focus goes back to the
   button that opened it, so a keyboard or screen reader user is where they were. */
export function showOnMap(id, opener) {
  asked = id;
  loadMap().catch(() => {
    /* no connection: the map's area says why, and the visitor is taken there */
    const note = dom.map.querySelector(".map-unavailable");
    if (note) { dom.map.scrollIntoView({ block: "center" }); note.focus(); }
    return new Promise(() => {});
  }).then((ready) => {
    const marker = markerOf(store.byId[id]);
    dom.map.scrollIntoView({ block: "center" });
    ready.cluster.zoomToShowLayer(marker, () => {
      marker.openPopup();
      const link = ready.map.getContainer().querySelector(".leaflet-popup-content a");
      if (link) link.focus();
      marker.once("popupclose", () => {
        const active = document.activeElement;
        if (opener && (!active || active === document.body || dom.map.contains(active))) {
          opener.focus();
        }
      });
    });
  });
}
