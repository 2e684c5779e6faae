/* "No signal: this is the copy saved on this device on <date>" on every page the saved copy
 * serves (the find page says it its own way: js/find/offline.js). Only for a visitor who saved
 * the copy: without a service worker controlling the page this does nothing.
 *
 * A page came from the saved copy when the worker says it served it, or when the site cannot
 * be reached (the device is offline, or a tiny request the copy never holds fails); the date is
 * the copy's build date, which the worker tells.
 */
(function () {
  "use strict";
  var notice = document.getElementById("saved-notice");
  if (!notice || document.getElementById("find-offline") || !("serviceWorker" in navigator)) return;
  var controller = navigator.serviceWorker.controller;
  if (!controller) return;
  var built = null, fromCopy = false;

  function dateText(iso) {
    var parts = iso.split("-").map(Number);
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "long", timeZone: "UTC" })
        .format(new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])));
    } catch (e) { return iso; }
  }

  function show() {
    if (!built || !fromCopy) return;
    notice.textContent = notice.getAttribute("data-text").replace("{date}", dateText(built));
    notice.hidden = false;
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type !== "safeplace-source") return;
    built = data.built;
    if (data.saved) fromCopy = true;
    show();
  });
  controller.postMessage({ type: "safeplace-source" });
  if (navigator.onLine === false) {
    fromCopy = true;
  } else {
    fetch(notice.getAttribute("data-root") + "robots.txt?saved-copy-check", { cache: "no-store" })
      .catch(function () { fromCopy = true; show(); });
  }
})();
