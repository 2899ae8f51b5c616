import { expect, test } from './fixtures';

// The off-origin guard (./fixtures) tested on requests the app does not make: from the page, from a Worker,
// and from a second page of the same context. The .invalid names never resolve, so nothing leaves the machine.
// The app's Content-Security-Policy refuses such requests before they are made (the next test; e2e/static-host.spec.ts):
// bypassed here, as the guard is the net under the policy.
test.describe(() => {
  test.use({ bypassCSP: true });
  test('the off-origin guard records requests from the page, its workers and other pages', async ({ page, context, offOrigin }) => {
    await page.goto('/');
    await page.evaluate(() => fetch('https://page.invalid/x').catch(() => undefined));
    await page.evaluate(() => {
      const code = "fetch('https://worker.invalid/y').catch(() => undefined)";
      new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    });
    const other = await context.newPage();
    await other.goto('/');
    await other.evaluate(() => fetch('https://other-page.invalid/z').catch(() => undefined));
    await other.evaluate(() => fetch('data:text/plain,local').then((r) => r.text())); // data: and blob: stay in the tab
    await expect.poll(() => offOrigin.length).toBe(3);
    expect([...offOrigin].sort()).toEqual(['GET https://other-page.invalid/z', 'GET https://page.invalid/x', 'GET https://worker.invalid/y']);
    offOrigin.length = 0; // recorded as it should be: let the guard's own check pass
  });
});

test('the policy guard records what the Content-Security-Policy refused', async ({ page, cspRefused, offOrigin }) => {
  await page.goto('/');
  await page.evaluate(() => fetch('https://page.invalid/x').catch(() => undefined));
  await expect.poll(() => cspRefused.length).toBeGreaterThan(0);
  expect(cspRefused.join('\n')).toContain("violates the following Content Security Policy directive: \"connect-src 'self' blob: data:\"");
  expect(offOrigin, 'refused before it was a request').toEqual([]);
  cspRefused.length = 0; // recorded as it should be: let the guard's own check pass
});
