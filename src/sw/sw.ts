/// <reference lib="webworker" />
/**
 * The service worker (built by vite-plugin-pwa, strategy injectManifest): the whole app precached, so after the
 * first visit it opens and trains with the network off, and every response it serves carries the app's headers
 * (headers.ts), so the page is cross-origin isolated (wasm on every core) and held to the policy even where the
 * host sends no headers. A new version waits until the page says so (SKIP_WAITING, sent by "Reload to update").
 */
import { addPlugins, cleanupOutdatedCaches, precacheAndRoute } from 'workbox-precaching';
import { setDefaultHandler } from 'workbox-routing';
import { withServedHeaders } from './headers';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

addPlugins([{ handlerWillRespond: async ({ response }) => withServedHeaders(response) }]);
// The app's URLs carry its settings in the query (?hidden=300): every query asks for the same index.html.
precacheAndRoute(self.__WB_MANIFEST, { ignoreURLParametersMatching: [/.*/] });
cleanupOutdatedCaches();
// What is not precached (nothing the app needs) goes to the network, with the same headers.
setDefaultHandler(async ({ request }) => withServedHeaders(await fetch(request)));

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
// The first version takes the page that installed it at once: one reload then makes it cross-origin isolated.
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
