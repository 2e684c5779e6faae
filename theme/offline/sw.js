/* Safe Place: the saved copy for use without signal, only for visitors who asked for it.
 *
 * Registered by find-offline.js when a visitor presses "Save this list for use without signal";
 * nobody else ever gets a service worker. The build writes this file to the site's root as
 * sw.js with SAFEPLACE_OFFLINE filled in: this build's cache name (a hash of what it stores, so
 * each build has its own), the build date and the files to store. Online, pages come from the
 * network as usual; without signal they come from the saved copy. A new build's worker replaces
 * the old cache on the next online visit. Nothing is sent anywhere.
 */
"use strict";
var OFFLINE = SAFEPLACE_OFFLINE;
var PREFIX = "safeplace-";
var servedFromCache = {};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(OFFLINE.cache).then(function (cache) {
    return cache.addAll(OFFLINE.files.map(function (path) {
      return new Request(new URL(path, self.registration.scope), { cache: "reload" });
    }));
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

/* A page asks whether it came from the saved copy (to say "Saved list from <date>"). */
self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "safeplace-source" || !event.source) return;
  event.source.postMessage({
    type: "safeplace-source", saved: Boolean(servedFromCache[event.source.id]),
    built: OFFLINE.built
  });
});
