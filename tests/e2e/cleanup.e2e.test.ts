// The Cleanup panel end to end in Debian Chromium (playwright-core) against `depthswap serve` with the real
// engine: import a short stamped clip and a source face, analyse, start a tiny cleanup training job from the
// panel (32 px crops, ngf 2, 1 block, 4 steps), see its progress, the steps trained and the sample sheet,
// put the model in use, open the 'cleaned' view (the frame through swap + cleanup by the render path) and
// move the strength slider (a new cleaned render). No console errors; screenshots in test-output/e2e-cleanup/.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { dataPath, hasData, testOutputDir } from '../support/shared-data.ts';
import { buildRenderer, startServe, pickFile, stampedCopy, viewerShows } from './e2e-support.ts';

const CHROMIUM = process.env['DEPTHSWAP_CHROMIUM'] ?? '/usr/bin/chromium';
const CLIP = 'video/liveportrait/d3.mp4';
const FACE = 'faces/face_recognition/obama.jpg';
const out = testOutputDir('e2e-cleanup');
const hasChromium = existsSync(CHROMIUM);
const POLL = { timeout: 20_000 };
if (!hasChromium) console.warn(`skipped: no Chromium at ${CHROMIUM} (set DEPTHSWAP_CHROMIUM)`);

describe.skipIf(!hasChromium || !hasData(CLIP, FACE))('Cleanup panel end to end (serve + Chromium)', () => {
  let browser: Browser;
  let server: { child: ChildProcess; url: string };
  const clip = path.join(out, 'd3-short.mov');

  beforeAll(async () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    buildRenderer();
    await stampedCopy(dataPath(CLIP), 20, clip, '01:00:00:00');
    server = await startServe(path.join(out, 'state'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.child.pid) server.child.kill('SIGTERM');
  });

  it('trains from the panel, shows progress and the sample sheet, and the cleaned view with its strength', async () => {
    const consoleErrors: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(server.url);
    await pickFile(page, 'import-target', clip);
    await expect.poll(() => page.getByTestId('bin-clip').textContent(), POLL).toMatch(/20 frames/);
    await pickFile(page, 'import-source', dataPath(FACE));
    await page.getByTestId('run-analysis').click();
    await page.locator('[data-testid="job-analysis"][data-status="done"]').waitFor({ timeout: 240_000 });

    // Before a model exists the cleaned view is off.
    expect(await page.getByTestId('view-cleaned').isDisabled()).toBe(true);
    const panel = page.getByTestId('cleanup-panel');
    const modelDir = path.join(out, 'model');
    await page.getByTestId('cleanup-dir').fill(modelDir);
    await page.getByTestId('cleanup-steps-input').fill('4');
    await page.getByTestId('cleanup-size').fill('32');
    await page.getByTestId('cleanup-ngf').fill('2');
    await page.getByTestId('cleanup-blocks').fill('1');
    await page.getByTestId('cleanup-train').click();
    // The job runs in the engine: its progress (crops, then steps) shows in the panel.
    await page.getByTestId('cleanup-progress').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('cleanup-progress').textContent()).toMatch(/\d+\/\d+/);
    await expect
      .poll(() => page.getByTestId('cleanup-steps').textContent(), { timeout: 300_000 })
      .toMatch(/^4 steps trained/);
    const sheet = page.getByTestId('cleanup-sheet');
    await sheet.waitFor();
    await expect
      .poll(() => sheet.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), POLL)
      .toBeGreaterThan(0);
    // Three rows of 32 px crops (A, G(A), B).
    expect(await sheet.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBeGreaterThanOrEqual(96);
    await sheet.click(); // enlarge
    await expect.poll(() => sheet.getAttribute('class'), POLL).toMatch(/big/);
    await panel.screenshot({ path: path.join(out, 'panel.png') });

    // In use: the cleaned view renders the frame through swap + cleanup.
    await page.getByTestId('cleanup-use').check();
    await expect.poll(() => page.getByTestId('view-cleaned').isDisabled(), POLL).toBe(false);
    expect(await page.getByTestId('cleanup-strength').isDisabled()).toBe(false);
    await page.getByTestId('view-cleaned').click();
    await page.getByTestId('preview-swap').click();
    await page.getByTestId('cleaned-badge').waitFor({ timeout: 180_000 });
    const first = await viewerShows(page, 'swapped');
    await page.screenshot({ path: path.join(out, 'cleaned-view.png') });

    // The strength slider: a new cleaned render of the frame with the new strength.
    await page.getByTestId('cleanup-strength').fill('0.5');
    await expect.poll(() => panel.textContent(), POLL).toMatch(/Strength 0\.50/);
    await page.getByTestId('cleaned-badge').waitFor({ timeout: 180_000 });
    const second = await viewerShows(page, 'swapped', first);
    expect(second).not.toBe(first);
    await page.screenshot({ path: path.join(out, 'cleaned-strength.png') });
    expect(consoleErrors).toEqual([]);
  }, 900_000);
});
