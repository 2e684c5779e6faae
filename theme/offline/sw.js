/* Safe Place: the saved copy for use without signal, only for visitors who asked for it.
 *
 * Registered by js/find/offline.js when a visitor presses "Save this list for use without signal";
 * nobody else ever gets a service worker. The build writes this file to the site's root as
 * sw.js with SAFEPLACE_OFFLINE filled in: this build's cache name (a hash of what it stores, so
 * each build has its own), the build date and the files to store. Online, pages come from the
 * network as usual; without signal they come from the saved copy. A new build's worker replaces
 * the old cache on the next online visit. Nothing is sent anywhere.
 *
 * A register too big to store whole (pipeline/offline.py) is stored as its index plus the cells
 * the page asks to keep (the places nearest the visitor when they pressed the button); a new
 * build's worker fetches those same cells again into its own copy.
 */
"use strict";
var OFFLINE = SAFEPLACE_OFFLINE;
var PREFIX = "safeplace-";
var servedFromCache = {};

function fresh(url) { return new Request(url, { cache: "reload" }); }

/* The cells an older copy kept, to keep again (those this build still has). */
function keptBefore() {
  var cells = new URL(OFFLINE.cells, self.registration.scope).href;
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== OFFLINE.cache;
    }).map(function (name) {
      return caches.open(name).then(function (old) { return old.keys(); });
    }));
  }).then(function (lists) {
    var urls = {};
    lists.forEach(function (requests) {
      requests.forEach(function (r) { if (r.url.indexOf(cells) === 0) urls[r.url] = true; });
    });
    return Object.keys(urls);
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(OFFLINE.cache).then(function (cache) {
    return cache.addAll(OFFLINE.files.map(function (path) {
      return fresh(new URL(path, self.registration.scope));
    })).then(keptBefore).then(function (urls) {
      return Promise.all(urls.map(function (url) {
        return cache.add(fresh(url)).catch(function () {});  /* gone from this build */
      }));
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== OFFLINE.cache;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(fetch(request).catch(function () {
    return caches.open(OFFLINE.cache).then(function (cache) {
      return cache.match(request, { ignoreSearch: true });
    }).then(function (saved) {
      if (!saved) return Response.error();
      if (request.mode === "navigate" && event.resultingClientId) {
        servedFromCache[event.resultingClientId] = true;
      }
      return saved;
    });
  }));
});

/* A page asks whether it came from the saved copy (to say "Saved list from <date>"), or asks
   to keep the cells near the visitor; only this site's cells are taken. */
self.addEventListener("message", function (event) {
  if (!event.data || !event.source) return;
  if (event.data.type === "safeplace-keep") {
    var cells = new URL(OFFLINE.cells, self.registration.scope).href;
    var urls = (event.data.urls || []).map(function (u) { return new URL(u, self.registration.scope).href; })
      .filter(function (u) { return u.indexOf(cells) === 0 && /\.json$/.test(u); });
    var reply = event.source;
    event.waitUntil(caches.open(OFFLINE.cache).then(function (cache) {
      return cache.addAll(urls.map(fresh));
    }).then(function () { return true; }, function () { return false; }).then(function (ok) {
      reply.postMessage({ type: "safeplace-kept", ok: ok, count: urls.length });
    }));
    return;
  }
  if (event.data.type !== "safeplace-source") return;
  event.source.postMessage({
    type: "safeplace-source", saved: Boolean(servedFromCache[event.source.id]),
    built: OFFLINE.built
  });
});
