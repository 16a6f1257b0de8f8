// runstrong's service worker: the static files from a cache, pages from the network with the
// last copy as the offline fallback. POSTs, the API and sign-out always go to the network.
"use strict";

// The release, from the registration URL (/sw.js?v=VERSION, written by app.js from
// <body data-version>): a new release is a new worker and new caches; the old ones are deleted.
const VERSION = new URL(self.location.href).searchParams.get("v") || "dev";
const PREFIX = "runstrong-";
const STATIC_CACHE = `${PREFIX}static-${VERSION}`;
const PAGE_CACHE = `${PREFIX}pages-${VERSION}`;

// The worker lives at ROOT/sw.js with the scope ROOT/ (the proxy's root path, "" by default).
const ROOT = new URL(self.registration.scope).pathname.replace(/\/$/, "");
const STATIC = `${ROOT}/static/`;
const PRECACHE = [
  "app.css",
  "app.js",
  "icon.svg",
  "manifest.webmanifest",
  "vendor/htmx.min.js",
  "vendor/uPlot.iife.min.js",
  "vendor/uPlot.min.css",
].map((file) => STATIC + file);
// A shared plan (/share/TOKEN) is never kept on the device: once revoked it must not open.
const NEVER_CACHED = [
  `${ROOT}/api/`,
  `${ROOT}/logout`,
  `${ROOT}/sw.js`,
  `${ROOT}/healthz`,
  `${ROOT}/share/`,
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      // One file missing must not stop the worker: the rest still works offline.
      .then((cache) => Promise.allSettled(PRECACHE.map((url) => cache.add(url))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(PREFIX))
            .filter((name) => name !== STATIC_CACHE && name !== PAGE_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

const offlinePage = () =>
  new Response(
    "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      `<title>Offline · runstrong</title><link rel="stylesheet" href="${STATIC}app.css"></head>` +
      `<body data-root="${ROOT}"><main id="main"><h1>You are offline</h1>` +
      "<p>This page was not saved on this device. Open it again when you are back online; " +
      "the pages you have opened before still work.</p></main></body></html>",
    { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } },
  );

const navigate = async (request) => {
  try {
    const response = await fetch(request);
    // A redirected answer (a sign-in page) is not the page asked for: never stored under it.
    if (response.ok && !response.redirected && response.type === "basic") {
      const copy = response.clone();
      caches.open(PAGE_CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch {
    const cache = await caches.open(PAGE_CACHE);
    return (
      (await cache.match(request, { ignoreVary: true })) ||
      (await cache.match(`${ROOT}/`, { ignoreVary: true })) ||
      offlinePage()
    );
  }
};

const fromCache = async (request) => {
  const cache = await caches.open(STATIC_CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") cache.put(request, response.clone());
  return response;
};

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Signing out forgets the pages kept for offline use: the next person sees none of them.
    if (request.method === "POST" && url.pathname === `${ROOT}/logout`) {
      event.waitUntil(caches.delete(PAGE_CACHE));
    }
    return;
  }
  if (NEVER_CACHED.some((prefix) => url.pathname.startsWith(prefix))) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
  } else if (url.pathname.startsWith(STATIC)) {
    event.respondWith(fromCache(request));
  }
  // Anything else (htmx partials, downloads) goes to the network as if there were no worker.
});
