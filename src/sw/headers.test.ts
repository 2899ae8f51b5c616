import { expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SERVED_HEADERS, withServedHeaders } from './headers';

it('the policy lets nothing leave the origin: no host, scheme or wildcard beyond self, blob: and data:', () => {
  for (const directive of CONTENT_SECURITY_POLICY.split('; ')) {
    const [name, ...sources] = directive.split(' ');
    for (const source of sources) expect(["'self'", "'none'", "'wasm-unsafe-eval'", 'blob:', 'data:'], `${name} ${source}`).toContain(source);
  }
  expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'self'; connect-src 'self' blob: data:; /);
  expect(CONTENT_SECURITY_POLICY, 'no eval beyond compiling wasm').not.toMatch(/'unsafe-eval'|'unsafe-inline'/);
});

it('a response served by the service worker carries the isolation headers and the policy, its body and status kept', async () => {
  const served = withServedHeaders(new Response('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html', 'cross-origin-embedder-policy': 'unsafe-none' } }));
  expect(served.status).toBe(200);
  expect(served.headers.get('content-type')).toBe('text/html');
  expect(served.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(served.headers.get('cross-origin-embedder-policy'), "set over the host's").toBe('require-corp');
  expect(served.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(served.headers.get('content-security-policy')).toBe(SERVED_HEADERS['Content-Security-Policy']);
  expect(await served.text()).toBe('<!doctype html>');
  expect(withServedHeaders(new Response(null, { status: 404 })).status).toBe(404);
});
