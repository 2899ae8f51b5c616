/**
 * The headers the app is served with, in one place: vite.config.ts puts the policy in index.html (a <meta>, as a
 * static host sends no headers of ours) and sends them all from `vite preview` and the dev server; the service
 * worker (sw.ts) adds them to every response it serves, so a host that sends none (GitHub Pages) still gets a
 * cross-origin-isolated page whose worker, too, is held to the policy. Why each directive: docs/deploy.md.
 */

/** The Content-Security-Policy: nothing the page or its workers load or send may leave the app's origin. */
export const CSP_DIRECTIVES: Readonly<Record<string, string>> = {
  'default-src': "'self'",
  // fetch, XHR, WebSocket, sendBeacon: the app's origin only; blob: and data: URLs hold bytes already in the tab
  'connect-src': "'self' blob: data:",
  // tfjs-wasm's threads load their code from a Blob (the factory's text), with importScripts in a blob: worker
  'script-src': "'self' 'wasm-unsafe-eval' blob:",
  // the training worker (same origin), its kernel threads and tfjs-wasm's pthreads (both started from Blobs)
  'worker-src': "'self' blob:",
  'style-src': "'self'",
  // the chart's PNG export draws the chart's SVG through a blob: or data: image
  'img-src': "'self' data: blob:",
  'object-src': "'none'",
  'base-uri': "'self'",
  'form-action': "'none'",
};

/** CSP_DIRECTIVES as one header value. */
export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');

/**
 * Cross-origin isolation (SharedArrayBuffer, so wasm trains on every core): the page opens no window it shares a
 * browsing context group with, embeds only what allows it, and lets no other origin embed what it serves.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Every header the app is served with. */
export const SERVED_HEADERS: Readonly<Record<string, string>> = { ...ISOLATION_HEADERS, 'Content-Security-Policy': CONTENT_SECURITY_POLICY };

/**
 * `response` with SERVED_HEADERS added (set over any of the same name). An opaque response (status 0: no headers
 * can be read or set) is returned as it is; the app makes none (its policy allows no other origin).
 */
export function withServedHeaders(response: Response): Response {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(SERVED_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
