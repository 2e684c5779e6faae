/* Safe Place find page: progressive enhancement of the server-rendered list.
 *
 * The list in the HTML is complete and works without JavaScript. This script only adds:
 * markers on the map (SafePlace.addPlaces, called from the Folium-generated find/map.js) and
 * "Show on map" buttons that keep the list and the map in step.
 * Every string from data reaches the page through textContent or element properties, never as
 * HTML, so markup in the register can never run.
 */
(function () {
  "use strict";
  var SafePlace = (window.SafePlace = window.SafePlace || {});
  var markers = {};

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function popupFor(place, labels) {
    var box = el("div", { "class": "popup" });
    box.appendChild(el("p", { "class": "popup-name" }, place.name));
    box.appendChild(el("p", { "class": "popup-category" }, place.category));
    box.appendChild(el("p", {}, place.address));
    var actions = el("p", { "class": "popup-actions" });
    if (place.tel) actions.appendChild(el("a", { href: "tel:" + place.tel }, labels.map_popup_call + " " + place.phone));
    var item = document.getElementById("place-" + place.id);
    if (item) {
      var link = el("a", { href: "#place-" + place.id }, labels.map_popup_list);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        item.scrollIntoView({ block: "start" });
        item.setAttribute("tabindex", "-1");
        item.focus();
      });
      actions.appendChild(link);
    }
    box.appendChild(actions);
    return box;
  }

  function rowsToPlaces(data) {
    return data.places.map(function (row) {
      var place = {};
      data.fields.forEach(function (field, i) { place[field] = row[i]; });
      place.category = data.categories[place.category];
      return place;
    });
  }

  function addMapButtons(map, cluster, labels) {
    document.querySelectorAll("#participants [data-id]").forEach(function (item) {
      var marker = markers[item.getAttribute("data-id")];
      var actions = item.querySelector(".place-actions");
      if (!marker || !actions || actions.querySelector(".action-map")) return;
      var button = el("button", { type: "button", "class": "action action-map" }, labels.map_show);
      button.addEventListener("click", function () {
        document.getElementById(map.getContainer().id).scrollIntoView({ block: "center" });
        cluster.zoomToShowLayer(marker, function () { marker.openPopup(); });
      });
      actions.appendChild(button);
    });
  }

  /* Called by find/map.js once Folium has made the map and the marker cluster. */
  SafePlace.addPlaces = function (map, cluster, options) {
    var labels = options.labels || {};
    return fetch(options.url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("places: HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var list = rowsToPlaces(data).map(function (place) {
          var marker = L.marker([place.lat, place.lon], { title: place.name, alt: place.name, keyboard: true });
          marker.bindPopup(function () { return popupFor(place, labels); });
          marker.on("click", function () {
            var current = document.querySelector("#participants .is-selected");
            if (current) current.classList.remove("is-selected");
            var item = document.getElementById("place-" + place.id);
            if (item) item.classList.add("is-selected");
          });
          markers[place.id] = marker;
          return marker;
        });
        cluster.addLayers(list);
        addMapButtons(map, cluster, labels);
        SafePlace.map = map;
        SafePlace.markers = markers;
        document.documentElement.setAttribute("data-map-ready", String(list.length));
        return list.length;
      });
  };
})();
