import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';

/** Content types a plain static host sends (GitHub Pages' among them); .wasm must be application/wasm to stream-compile. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
};

export interface StaticHost {
  /** The app's address: the server's origin and the sub-path, with its trailing slash. */
  url: string;
  /** Bytes added to the end of what the server sends for `file` (a path under the sub-path): a new "deployed" version. */
  append(file: string, text: string): void;
  /** Stops serving (and closes open connections): the network is gone for good. */
  close(): Promise<void>;
}

/**
 * Serves the built app in `dir` as an ordinary static host does (GitHub Pages, a bucket behind a CDN): files only,
 * under `subPath` (e.g. /autorec/), with a content type and GitHub Pages' ten minutes of caching, no other header (no COOP, COEP or CSP), the
 * sub-path without its slash redirected to it, index.html for a folder, 404 for anything else. Port: a free one.
 */
export async function serveStatic(dir: string, subPath = '/autorec/'): Promise<StaticHost> {
  const root = resolve(dir);
  const appended = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    if (path === subPath.slice(0, -1)) {
      res.writeHead(301, { location: subPath }).end();
      return;
    }
    let rel = path.startsWith(subPath) ? path.slice(subPath.length) : undefined;
    if (rel === '' || rel?.endsWith('/')) rel += 'index.html';
    const file = rel === undefined ? undefined : normalize(join(root, rel));
    if (!file || !file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const extra = appended.get(rel!);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'max-age=600' });
    if (!extra) {
      createReadStream(file).pipe(res);
      return;
    }
    const stream = createReadStream(file);
    stream.on('end', () => res.end(extra));
    stream.pipe(res, { end: false });
  });
  await new Promise<void>((ok) => server.listen(0, 'localhost', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}${subPath}`,
    append: (file, text) => appended.set(file, (appended.get(file) ?? '') + text),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
