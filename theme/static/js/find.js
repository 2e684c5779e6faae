/* Safe Place find page: progressive enhancement of the server-rendered list.
 *
 * Without JavaScript the page is complete: every place, in name order, with hours in words.
 * This script adds, once the page's data (find/places.json, loaded once and shared with the map)
 * has arrived: search (#q), nearest-first by ZIP (#zip) or by the device's position (#locate, the
 * position never leaves the device), "open now" in the jurisdiction's time zone (#open-now), a
 * list rendered in windows (never thousands of nodes at once), and the map, loaded only when it
 * scrolls into view or a place is asked for.
 * Strings from data reach the page only through textContent or checked attributes, never as
 * HTML, so markup in the register can never run.
 */
(function () {
  "use strict";
  var SafePlace = (window.SafePlace = window.SafePlace || {});
  var configNode = document.getElementById("find-config");
  var list = document.getElementById("participants");
  if (!configNode || !list) return;
  var config = JSON.parse(configNode.textContent);
  /* Paths in the config are relative to the site's root, which this page knows best. */
  var base = configNode.getAttribute("data-base") || "";
  config.data = base + config.data;
  config.static = base + config.static;
  config.map_script = base + config.map_script;
  var T = config.t, H = config.hours;
  var WEEK = 10080, DAY = 1440;

  var form = document.getElementById("find-controls");
  var queryInput = document.getElementById("q");
  var zipInput = document.getElementById("zip");
  var locateButton = document.getElementById("locate");
  var openNowBox = document.getElementById("open-now");
  var statusLine = document.getElementById("find-status");
  var errorLine = document.getElementById("find-error");
  var moreButton = document.getElementById("more");
  var mapSection = document.querySelector(".find-map");

  var state = { query: "", openNow: false, origin: null, originLabel: "", limit: config.window };
  /* Places are keyed by id in objects without a prototype: an id such as "constructor" or
     "toString" must find nothing but the place itself. */
  function table() { return Object.create(null); }
  var places = [], byId = table(), nodes = table(), zips = table();
  var mapReady = null, mapPromise = null, resolveMap = null, markersKey = "";

  function fmt(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, key) { return key in values ? values[key] : m; });
  }
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* --- time in the jurisdiction, whatever the device's own time zone --------------------- */
  var DAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };
  var clock = new Intl.DateTimeFormat("en-US", {
    timeZone: config.tz, weekday: "short", hour: "numeric", minute: "numeric", hourCycle: "h23"
  });
  function nowThere() {
    var parts = {};
    clock.formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return { day: DAYS[parts.weekday], minute: (Number(parts.hour) % 24) * 60 + Number(parts.minute) };
  }
  function isOpen(schedule, t) {
    for (var i = 0; i < schedule.length; i++) {
      if (schedule[i][0] <= t && t < schedule[i][1]) return true;
    }
    return false;
  }
  function alwaysOpen(schedule) {
    return schedule.length === 1 && schedule[0][0] === 0 && schedule[0][1] === WEEK;
  }
  function nextOpening(schedule, t) {
    var wraps = schedule.length && schedule[schedule.length - 1][1] === WEEK;
    var starts = schedule.map(function (s) { return s[0]; })
      .filter(function (s) { return !(s === 0 && wraps); });
    if (!starts.length) return null;
    var later = starts.filter(function (s) { return s > t; });
    return Math.min.apply(null, later.length ? later : starts);
  }
  /* Mirrors pipeline.hours.status_text, which the tests hold it to. */
  function statusOf(schedule, now) {
    if (alwaysOpen(schedule)) return { open: true, text: H.open_always };
    var t = now.day * DAY + now.minute;
    if (isOpen(schedule, t)) return { open: true, text: H.open_now };
    var next = nextOpening(schedule, t);
    if (next === null) return { open: false, text: H.closed_now };
    var day = Math.floor(next / DAY), at = next % DAY, when;
    if (day === now.day && at > now.minute) when = H.today;
    else if (day === (now.day + 1) % 7) when = H.tomorrow;
    else when = H.short_days[day];
    return { open: false, text: fmt(H.opens, { when: when + " " + Math.floor(at / 60) + ":" + pad(at % 60) }) };
  }

  /* --- distance ---------------------------------------------------------------------------- */
  function miles(lat1, lon1, lat2, lon2) {
    var rad = Math.PI / 180, dLat = (lat2 - lat1) * rad, dLon = (lon2 - lon1) * rad;
    var a = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 3958.8 * Math.asin(Math.sqrt(a));
  }

  /* --- the model, from places.json -------------------------------------------------------- */
  function toModel(data) {
    var f = {};
    data.fields.forEach(function (name, i) { f[name] = i; });
    zips = Object.assign(table(), data.zips);
    places = data.places.map(function (row, order) {
      var city = data.cities[row[f.city]];
      var place = {
        order: order, id: row[f.id], name: row[f.name], category: data.categories[row[f.category]],
        address: row[f.address] + ", " + city + " " + row[f.zip], tel: row[f.tel],
        lat: row[f.lat], lon: row[f.lon], schedule: data.schedules[row[f.schedule]],
        words: data.words[row[f.schedule]], website: row[f.website]
      };
      place.haystack = fold([place.name, place.category, place.address].join(" "));
      byId[place.id] = place;
      return place;
    });
  }

  function phoneText(tel) {
    var m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(tel || "");
    return m ? "(" + m[1] + ") " + m[2] + "-" + m[3] : tel;
  }

  /* A list item like the server's, for places the server did not put on this page. */
  function buildNode(place) {
    var li = el("li", "place");
    li.id = "place-" + place.id;
    li.setAttribute("data-id", place.id);
    li.appendChild(el("h3", "place-name", place.name));
    var meta = el("p", "place-meta");
    meta.appendChild(el("span", "place-category", place.category));
    meta.appendChild(el("span", "place-distance"));
    li.appendChild(meta);
    li.appendChild(el("p", "place-address", place.address));
    var status = el("p", "place-status");
    status.hidden = true;
    li.appendChild(status);
    var hours = el("div", "place-hours");
    hours.appendChild(el("p", "visually-hidden", T.hours));
    var ul = el("ul");
    place.words.forEach(function (line) { ul.appendChild(el("li", "", line)); });
    hours.appendChild(ul);
    li.appendChild(hours);
    var actions = el("p", "place-actions");
    if (/^\+1\d{10}$/.test(place.tel)) {
      var call = el("a", "action action-call", T.call + " " + phoneText(place.tel));
      call.href = "tel:" + place.tel;
      actions.appendChild(call);
    }
    var directions = el("a", "action", T.directions);
    directions.href = fmt(config.directions, { lat: place.lat, lon: place.lon });
    directions.appendChild(el("span", "visually-hidden", " – " + place.name));
    actions.appendChild(directions);
    if (/^https?:\/\//i.test(place.website)) {
      var site = el("a", "action", T.website);
      site.href = place.website;
      site.appendChild(el("span", "visually-hidden", " – " + place.name));
      actions.appendChild(site);
    }
    li.appendChild(actions);
    return li;
  }

  function nodeFor(place) {
    var node = nodes[place.id];
    if (!node) {
      node = nodes[place.id] = buildNode(place);
    }
    if (!node.querySelector(".action-map")) {
      var button = el("button", "action action-map", T.show_on_map);
      button.type = "button";
      button.addEventListener("click", function () { showOnMap(place.id); });
      node.querySelector(".place-actions").appendChild(button);
    }
    return node;
  }

  /* --- applying search, sorting and filters --------------------------------------------- */
  function matching(now) {
    var t = now.day * DAY + now.minute;
    var terms = fold(state.query).split(/\s+/).filter(Boolean);
    var found = places.filter(function (p) {
      for (var i = 0; i < terms.length; i++) if (p.haystack.indexOf(terms[i]) === -1) return false;
      return !state.openNow || isOpen(p.schedule, t);
    });
    if (state.origin) {
      found.forEach(function (p) { p.distance = miles(state.origin.lat, state.origin.lon, p.lat, p.lon); });
      found.sort(function (a, b) { return a.distance - b.distance || a.order - b.order; });
    } else {
      found.sort(function (a, b) { return a.order - b.order; });
    }
    return found;
  }

  function apply() {
    var now = nowThere();
    var found = matching(now);
    var shown = found.slice(0, state.limit);
    var visible = table();
    shown.forEach(function (place) {
      var node = nodeFor(place);
      var status = statusOf(place.schedule, now);
      var line = node.querySelector(".place-status");
      line.textContent = status.text;
      line.className = "place-status " + (status.open ? "is-open" : "is-closed");
      line.hidden = false;
      node.querySelector(".place-distance").textContent = state.origin
        ? " · " + fmt(T.distance, { d: place.distance.toFixed(1) }) : "";
      node.hidden = false;
      list.appendChild(node);
      visible[place.id] = true;
    });
    Object.keys(nodes).forEach(function (id) { if (!visible[id]) nodes[id].hidden = true; });
    moreButton.hidden = found.length <= shown.length;
    moreButton.textContent = T.more;
    var text = found.length === 0 ? T.none
      : fmt(T.showing, { shown: shown.length, matches: found.length }) +
        (found.length < places.length ? fmt(T.of_total, { total: places.length }) : "") +
        (state.origin ? (state.originLabel ? fmt(T.near_zip, { zip: state.originLabel }) : T.near_you) : "") +
        (state.openNow ? T.open_only : "");
    if (statusLine.textContent !== text) statusLine.textContent = text;
    syncMarkers(found);
    return shown;
  }

  function showError(message, focusZip) {
    errorLine.textContent = message;
    if (focusZip) zipInput.focus();
  }

  /* --- the map: loaded on demand ---------------------------------------------------------- */
  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.async = false;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.body.appendChild(script);
    });
  }

  function loadMap() {
    if (mapPromise) return mapPromise;
    config.map.css.forEach(function (href) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = config.static + href;
      document.head.appendChild(link);
    });
    mapPromise = new Promise(function (resolve) { resolveMap = resolve; });
    var chain = Promise.resolve();
    config.map.js.concat([null]).forEach(function (src) {
      chain = chain.then(function () {
        if (!src) calmMotion();
        return loadScript(src ? config.static + src : config.map_script);
      });
    });
    chain.catch(function (error) { console.warn("Safe Place map:", error.message); });
    return mapPromise;
  }

  /* Honour "reduce motion": no zoom, fade or cluster animations (set before the map exists). */
  function calmMotion() {
    if (!window.matchMedia || !window.matchMedia("(prefers-reduced-motion: reduce)").matches) return;
    if (window.L && L.Map) L.Map.mergeOptions({ zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false });
    if (window.L && L.MarkerClusterGroup) L.MarkerClusterGroup.mergeOptions({ animate: false, animateAddingMarkers: false });
    document.documentElement.setAttribute("data-reduced-motion", "");
  }

  function popupFor(place) {
    var box = el("div", "popup");
    box.appendChild(el("p", "popup-name", place.name));
    box.appendChild(el("p", "popup-category", place.category));
    box.appendChild(el("p", "", place.address));
    box.appendChild(el("p", "popup-status", statusOf(place.schedule, nowThere()).text));
    var actions = el("p", "popup-actions");
    if (/^\+1\d{10}$/.test(place.tel)) {
      var call = el("a", "", T.call + " " + phoneText(place.tel));
      call.href = "tel:" + place.tel;
      actions.appendChild(call);
    }
    var details = el("a", "", T.details);
    details.href = "#place-" + place.id;
    details.addEventListener("click", function (event) {
      event.preventDefault();
      revealInList(place.id);
    });
    actions.appendChild(details);
    box.appendChild(actions);
    return box;
  }

  function revealInList(id) {
    var found = matching(nowThere());
    var index = found.indexOf(byId[id]);
    if (index >= state.limit) state.limit = index + 1;
    apply();
    var node = nodes[id];
    if (!node || node.hidden) return;
    var current = list.querySelector(".is-selected");
    if (current) current.classList.remove("is-selected");
    node.classList.add("is-selected");
    node.setAttribute("tabindex", "-1");
    node.scrollIntoView({ block: "start" });
    node.focus();
  }

  /* Called by find/map.js (Folium) once the map and the marker cluster exist; the markers go
     in when that script has finished (the cluster is on the map by then). */
  SafePlace.addPlaces = function (map, cluster) {
    map.whenReady(function () { setTimeout(function () { addMarkers(map, cluster); }, 0); });
  };

  function addMarkers(map, cluster) {
    var markers = table();
    places.forEach(function (place) {
      var marker = L.marker([place.lat, place.lon], {
        icon: L.divIcon({ className: "sp-marker", iconSize: [26, 26] }),
        title: place.name, alt: place.name, keyboard: true
      });
      marker.bindPopup(function () { return popupFor(place); });
      marker.on("click", function () {
        var node = nodes[place.id];
        var current = list.querySelector(".is-selected");
        if (current) current.classList.remove("is-selected");
        if (node) node.classList.add("is-selected");
      });
      markers[place.id] = marker;
    });
    mapReady = { map: map, cluster: cluster, markers: markers };
    SafePlace.map = map;
    SafePlace.markers = markers;
    markersKey = "";
    syncMarkers(matching(nowThere()));
    document.documentElement.setAttribute("data-map-ready", String(places.length));
    resolveMap(mapReady);
  }

  /* The map shows the places the list matches (all of them, not just the window). */
  function syncMarkers(found) {
    if (!mapReady) return;
    var key = found.map(function (p) { return p.id; }).join("|");
    if (key === markersKey) return;
    markersKey = key;
    mapReady.cluster.clearLayers();
    mapReady.cluster.addLayers(found.map(function (p) { return mapReady.markers[p.id]; }));
  }

  function showOnMap(id) {
    loadMap().then(function (ready) {
      var marker = ready.markers[id];
      mapSection.scrollIntoView({ block: "center" });
      ready.cluster.zoomToShowLayer(marker, function () {
        marker.openPopup();
        var link = ready.map.getContainer().querySelector(".leaflet-popup-content a");
        if (link) link.focus();
      });
    });
  }

  /* --- wiring ------------------------------------------------------------------------------ */
  function start(data) {
    toModel(data);
    list.querySelectorAll(":scope > [data-id]").forEach(function (node) {
      var id = node.getAttribute("data-id");
      if (byId[id]) nodes[id] = node; else node.hidden = true;
    });
    var pager = document.querySelector(".pages");
    if (pager) pager.hidden = true;
    form.hidden = false;
    mapSection.hidden = false;

    var typing = null;
    queryInput.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () {
        state.query = queryInput.value;
        state.limit = config.window;
        apply();
      }, 150);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.query = queryInput.value;
      var zip = zipInput.value.trim();
      if (zip) {
        if (!/^\d{5}$/.test(zip)) return showError(T.zip_invalid, true);
        if (!zips[zip]) return showError(fmt(T.zip_unknown, { zip: zip }), true);
        state.origin = { lat: zips[zip][0], lon: zips[zip][1] };
        state.originLabel = zip;
        state.limit = config.window;
      }
      errorLine.textContent = "";
      apply();
    });
    locateButton.addEventListener("click", function () {
      if (!navigator.geolocation) return showError(T.geo_unsupported, true);
      errorLine.textContent = "";
      statusLine.textContent = T.locating;
      navigator.geolocation.getCurrentPosition(function (position) {
        state.origin = { lat: position.coords.latitude, lon: position.coords.longitude };
        state.originLabel = "";
        state.limit = config.window;
        apply();
      }, function (failure) {
        apply();
        showError(failure.code === 1 ? T.geo_denied : T.geo_failed, true);
      }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 300000 });
    });
    openNowBox.addEventListener("change", function () {
      state.openNow = openNowBox.checked;
      state.limit = config.window;
      apply();
    });
    moreButton.addEventListener("click", function () {
      var before = state.limit;
      state.limit += config.window;
      var shown = apply();
      if (shown[before]) {
        var node = nodes[shown[before].id];
        node.setAttribute("tabindex", "-1");
        node.focus();
      }
    });
    apply();
    setInterval(apply, 60000);  // "open now" stays true as the minutes pass

    if ("IntersectionObserver" in window) {
      var watcher = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) {
          watcher.disconnect();
          loadMap();
        }
      }, { rootMargin: "200px" });
      watcher.observe(mapSection);
    } else {
      loadMap();
    }
    document.documentElement.setAttribute("data-find-ready", String(places.length));
  }

  fetch(config.data, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(start)
    .catch(function (error) {
      /* The server-rendered list stays as it is: complete and usable. */
      console.warn("Safe Place find page:", error.message);
    });
})();
