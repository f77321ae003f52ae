import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
const [file, out] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto(pathToFileURL(file).href);
await page.waitForSelector('body[data-ready="true"]');
await page.screenshot({ path: out, fullPage: true });
await browser.close();
