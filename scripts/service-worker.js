// The service worker: scripts/post-build.mjs writes it to sw.js with BUILD (this build's
// name) and FILES (every file of the build with its Subresource Integrity digest) above it.
//
// - App files: fetched once per build at install, each checked against its digest (a file
//   that does not match fails the install and the running build stays), then served from
//   this build's cache only, so a page never mixes the files of two builds. Navigations
//   get the cached index.html (deep links, as GitHub Pages' 404.html does).
// - A new build waits (no skipWaiting at install): the page shows "new version, reload",
//   and only when the user accepts does it take over; then the page reloads on it.
// - The factory's read-only catalogs (/versions, extension and overlay lists, talosctl
//   files): network first, so a new release or an error is seen as it is; the last answer
//   is kept and served, marked with `X-Studio-Saved: <time>`, only when the network fails.
// - Never cached: anything but GET, and /schematics/... (whether the factory has a
//   schematic changes when it is created).

/* global BUILD, FILES */
const APP_CACHE = `studio-app-${BUILD}`;
const CATALOG_CACHE = "studio-catalogs-v1";
const SCOPE = new URL(self.registration.scope).pathname;
const CATALOG = /\/(versions|version\/[^/]+\/(extensions|overlays)\/official|talosctl\/[^/]+)$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(APP_CACHE);
      try {
        for (const [path, integrity] of FILES) {
          const response = await fetch(path, { integrity, cache: "no-cache" });
          if (!response.ok) {
            throw new Error(`${path}: HTTP ${response.status}`);
          }
          await cache.put(path, response);
        }
      } catch (error) {
        // A build that cannot be fetched whole, or whose files do not match their digests,
        // leaves nothing behind.
        await caches.delete(APP_CACHE);
        throw error;
      }
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "activate-new-build") {
    self.skipWaiting();
  }
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("studio-app-") && name !== APP_CACHE) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin === self.location.origin && url.pathname.startsWith(SCOPE)) {
    event.respondWith(appFile(request, url));
  } else if (CATALOG.test(url.pathname) && !url.pathname.includes("/schematics/")) {
    event.respondWith(catalog(event));
  }
});

async function appFile(request, url) {
  const cache = await caches.open(APP_CACHE);
  const key = request.mode === "navigate" ? SCOPE : url.pathname;
  const cached = await cache.match(key, { ignoreSearch: true });
  return cached ?? fetch(request);
}

async function catalog(event) {
  const request = event.request;
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    const saved = await (await caches.open(CATALOG_CACHE)).match(request.url);
    if (saved) {
      return saved;
    }
    throw error;
  }
  if (response.ok) {
    // Saved beside the answer, not before it: the page gets the response at once.
    const copy = response.clone();
    event.waitUntil(
      (async () => {
        const saved = new Response(await copy.arrayBuffer(), {
          status: copy.status,
          headers: {
            "Content-Type": copy.headers.get("Content-Type") ?? "text/plain",
            "X-Studio-Saved": new Date().toISOString(),
          },
        });
        await (await caches.open(CATALOG_CACHE)).put(request.url, saved);
      })(),
    );
  }
  return response;
}
