/**
 * npm run icons: the installed app's PNG icons (public/icons/), drawn from public/favicon.svg by Chromium, so
 * they follow the favicon and nothing is downloaded. Run it when the favicon changes and commit the PNGs.
 *
 * "any" icons are the favicon as it is (its rounded corners on a clear background); "maskable" ones fill the
 * square with the favicon's background and keep the drawing inside the middle 80 % (the safe zone an OS's mask
 * never cuts), as a launcher that crops icons to a circle or a squircle needs.
 */
import { readFileSync } from 'node:fs';
import { launchChromium } from './lib/browser';

const SVG = readFileSync('public/favicon.svg', 'utf8');
/** The favicon's background colour (its first rect), for the maskable icon's full bleed. */
const BACKGROUND = /<rect[^>]*fill="([^"]+)"/.exec(SVG)?.[1] ?? '#1f3b73';

const ICONS = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon-180.png', size: 180, maskable: true },
];

const browser = await launchChromium();
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const { file, size, maskable } of ICONS) {
    const inner = maskable ? Math.round(size * 0.8) : size;
    const svg = SVG.replace('<svg ', `<svg width="${inner}" height="${inner}" `);
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${maskable ? BACKGROUND : 'transparent'}">${svg}</body>`,
    );
    await page.screenshot({ path: `public/icons/${file}`, omitBackground: !maskable, clip: { x: 0, y: 0, width: size, height: size } });
    console.log(`public/icons/${file} (${size} px${maskable ? ', maskable' : ''})`);
  }
} finally {
  await browser.close();
}
