/* "Save this list for use without signal" on /find/ (the worker itself: sw.js at the site root,
 * from theme/offline/sw.js), a module of its own beside ../find.js.
 *
 * Nothing is stored until the visitor presses the button: only then is the service worker
 * registered, and it stores the find pages, their data, the program pages and the site's files.
 * "Remove saved copy" unregisters it and deletes what it stored. A page served from the saved
 * copy says so, with the date of the copy. For a register too big to store whole, the worker
 * is asked to keep the places nearest the visitor (SafePlace.cellsToKeep, from ./pieces.js).
 */
import { T, base as root, config } from "./data.js";

const section = document.getElementById("find-offline");
/* The section is on the page from its first paint when scripts run (site.css: .needs-script),
   so nothing moves; a browser that cannot keep a copy does not see it. */
if (section && config && "serviceWorker" in navigator && window.caches) offer();
else if (section) section.hidden = true;

function offer() {
  var saveButton = document.getElementById("save-offline");
  var removeButton = document.getElementById("remove-offline");
  var status = document.getElementById("offline-status");
  var notice = document.getElementById("saved-notice");
  var PREFIX = "safeplace-";

  function workerUrl() { return new URL(root + "sw.js", document.baseURI).href; }

  function ourRegistration() {
    return navigator.serviceWorker.getRegistrations().then(function (all) {
      return all.filter(function (r) {
        var worker = r.active || r.waiting || r.installing;
        return worker && worker.scriptURL === workerUrl();
      })[0] || null;
    });
  }

  function showSaved(saved) {
    saveButton.hidden = saved;
    removeButton.hidden = !saved;
  }

  function dateText(iso) {
    var parts = iso.split("-").map(Number);
    try {
      return new Intl.DateTimeFormat(config.lang, { dateStyle: "long", timeZone: "UTC" })
        .format(new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])));
    } catch (e) { return iso; }
  }

  function whenActive(registration) {
    var worker = registration.installing || registration.waiting;
    if (!worker) return Promise.resolve(registration);
    return new Promise(function (resolve, reject) {
      worker.addEventListener("statechange", function () {
        if (worker.state === "activated") resolve(registration);
        if (worker.state === "redundant") reject(new Error("the worker could not install"));
      });
    });
  }

  /* Resolves with what find.js chose to keep ({urls, places, near, zip}), or null when the
     saved copy holds every place anyway. */
  function keepNearby(registration) {
    var SafePlace = window.SafePlace || {};
    return Promise.resolve(SafePlace.ready).then(function () {
      var keep = SafePlace.cellsToKeep && SafePlace.cellsToKeep();
      if (!keep) return null;
      return new Promise(function (resolve, reject) {
        function heard(event) {
          var data = event.data || {};
          if (data.type !== "safeplace-kept") return;
          navigator.serviceWorker.removeEventListener("message", heard);
          if (data.ok) resolve(keep); else reject(new Error("the places nearby could not be stored"));
        }
        navigator.serviceWorker.addEventListener("message", heard);
        registration.active.postMessage({ type: "safeplace-keep", urls: keep.urls });
      });
    });
  }

  function savedText(keep) {
    if (!keep) return T.offline_saved;
    var where = keep.near === "zip" ? T.offline_near_zip.replace("{zip}", keep.zip)
      : keep.near === "you" ? T.offline_near_you : T.offline_near_centre;
    return T.offline_saved_near.replace("{n}", keep.places.toLocaleString(config.lang))
      .replace("{where}", where);
  }

  saveButton.addEventListener("click", function () {
    status.textContent = T.offline_saving;
    navigator.serviceWorker.register(workerUrl())
      .then(whenActive)
      .then(keepNearby)
      .then(function (keep) {
        showSaved(true);
        status.textContent = savedText(keep);
        removeButton.focus();
      })
      .catch(function (error) {
        status.textContent = T.offline_failed;
        console.warn("Safe Place offline:", error.message);
      });
  });

  removeButton.addEventListener("click", function () {
    ourRegistration()
      .then(function (registration) { return registration && registration.unregister(); })
      .then(function () { return caches.keys(); })
      .then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0; })
          .map(function (n) { return caches.delete(n); }));
      })
      .then(function () {
        showSaved(false);
        notice.hidden = true;
        status.textContent = T.offline_removed;
        saveButton.focus();
      })
      .catch(function (error) {
        status.textContent = T.offline_failed;
        console.warn("Safe Place offline:", error && error.message);
      });
  });

  function showNotice(built) {
    notice.textContent = T.offline_from.replace("{date}", dateText(built));
    notice.hidden = false;
    var SafePlace = window.SafePlace || {};
    Promise.resolve(SafePlace.ready).then(function () {
      if (SafePlace.useSavedCopy) SafePlace.useSavedCopy();
    });
  }
  /* Served from the saved copy? A page under the worker is whenever the site cannot be reached:
     the device says it is offline, or a tiny request the copy does not hold fails (robots.txt,
     never stored); the worker also says so when asked. The date is the copy's build date. */
  if (navigator.serviceWorker.controller && config.built) {
    if (navigator.onLine === false) showNotice(config.built);
    else fetch(root + "robots.txt?saved-copy-check", { cache: "no-store" })
      .catch(function () { showNotice(config.built); });
  }
  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "safeplace-source" && data.saved) showNotice(data.built);
  });

  ourRegistration().then(function (registration) {
    showSaved(Boolean(registration));
    var controller = navigator.serviceWorker.controller;
    if (registration && controller) controller.postMessage({ type: "safeplace-source" });
  });
}
