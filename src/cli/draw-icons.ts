// Renders public/icons/icon.svg into the PNG icons the manifest names, in Debian's chromium:
// `npx tsx src/cli/draw-icons.ts`. The PNGs are committed; run this again after changing the SVG.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const dir = join(import.meta.dirname, '../../public/icons');
const svg = readFileSync(join(dir, 'icon.svg'), 'utf8');

// Maskable icons are cropped to a circle by some launchers: full-bleed background, artwork in the
// central 80% safe zone.
const maskable = svg
  .replace('rx="96"', 'rx="0"')
  .replace('<g transform="translate(256 244)">', '<g transform="translate(256 250) scale(0.78)">')
  .replace('x="96" y="432"', 'x="136" y="400"')
  .replace('width="320"', 'width="240"');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
for (const [file, size, source] of [
  ['icon-192.png', 192, svg],
  ['icon-512.png', 512, svg],
  ['icon-maskable-512.png', 512, maskable],
] as const) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${source.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  writeFileSync(join(dir, file), await page.screenshot({ omitBackground: true }));
  console.log(`wrote public/icons/${file}`);
}
await browser.close();
