/* The map, loaded on demand (when it scrolls into view or a place is asked for): Leaflet, the
 * marker cluster and find/map.js (Folium's), which calls SafePlace.addPlaces once the map and
 * the cluster exist. The map shows the places the list matches, all of them, not just the
 * window; a marker is made the first time the map shows its place.
 */
import { SafePlace, T, base, config, dom, el, loadAll, nowThere, state, statusOf, store } from "./data.js";
import { DIALABLE, matching, phoneText, update } from "./list.js";

let mapReady = null, mapPromise = null, resolveMap = null, markersKey = "";

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

export function loadMap() {
  if (mapPromise) return mapPromise;
  /* A big register's places.json (a marker for every place) is fetched once the map is there
     with the places at hand (SafePlace.addPlaces), so it never slows Leaflet down. */
  config.map.css.forEach((href) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = base + config.static + href;
    document.head.appendChild(link);
  });
  mapPromise = new Promise((resolve) => { resolveMap = resolve; });
  let chain = Promise.resolve();
  config.map.js.concat([null]).forEach((src) => {
    chain = chain.then(() => {
      if (!src) calmMotion();
      return loadScript(base + (src ? config.static + src : config.map_script));
    });
  });
  chain.catch((error) => { console.warn("Safe Place map:", error.message); });
  return mapPromise;
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
  mapReady = { map: map, cluster: cluster, markers: Object.create(null) };
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
    title: place.name, alt: place.name, keyboard: true
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
  mapReady.cluster.addLayers(found.map(markerOf));
}

/* Opens the place's popup with focus in it; when the popup closes, focus goes back to the
   button that opened it, so a keyboard or screen reader user is where they were. */
export function showOnMap(id, opener) {
  loadMap().then((ready) => {
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
