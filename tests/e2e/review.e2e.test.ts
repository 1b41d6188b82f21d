// End to end in Chromium against `depthswap serve` with the real engine, on a 720p clip with sound:
// Preview I-O renders at the scrub proxy's size by default (the file the viewer plays is 960x540) and at
// full size when the toggle asks; it plays with the range's sound at 1x forward, the picture following the
// sound's clock, and muted at 2x and in reverse. The source face is checked against the clip when it is
// chosen (both sizes in px, a warning for a source much smaller than the clip's face), also in the export
// dialog, whose "Contact sheet…" writes the PNG through the engine and shows it. With pose-matched source
// frames from a source clip, the Inspector shows the source frame the playhead's frame swaps from, the
// engine's own choice. Waits are on state the page exposes, never on time.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { dataPath, hasData, testOutputDir } from '../support/shared-data.ts';
import { probe } from '../../src-main/media/probe.ts';
import { buildRenderer, startServe, pickFile, stampedCopy } from './e2e-support.ts';
import { runTool } from '../../src-main/media/ffmpeg-process.ts';
import { sheetLayout } from '../../src-main/swap/contact-sheet.ts';
import { sourceFramesReport } from '../../src-main/render/source-frames-report.ts';
import { analysisPathFor } from '../../src-main/util/state-dir.ts';
import { DEFAULT_SWAP } from '../../src-shared/project/schema.ts';
import { RENDER_SPEC_FORMAT, RENDER_SPEC_VERSION } from '../../src-shared/render/spec.ts';

const CHROMIUM = process.env['DEPTHSWAP_CHROMIUM'] ?? '/usr/bin/chromium';
/** 1280x720, 30 fps, with sound. */
const CLIP = 'video/liveportrait/s18.mp4';
const FACE = 'faces/face_recognition/obama.jpg';
/** A talking head that turns a little: the pose-matched source clip. */
const SOURCE_CLIP = 'video/liveportrait/d3.mp4';
const out = testOutputDir('e2e-preview');
const POLL = { timeout: 30_000 };
const LONG = { timeout: 300_000 };

/** The file the viewer shows frames of (its canvas's data-src `path`). */
async function shownFile(page: Page): Promise<string> {
  const src = await page.getByTestId('viewer-canvas').getAttribute('data-src');
  return new URL(src!, 'http://x').searchParams.get('path')!;
}

/** The review bar's frame and the sound's position, read at one moment. */
function reviewClock(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector('[data-testid="review-bar"]');
    if (!(bar instanceof HTMLElement)) return null;
    const seconds = bar.dataset['soundSeconds'];
    return {
      frame: Number(bar.dataset['frame']),
      seconds: seconds ? Number(seconds) : null,
      sound: bar.dataset['sound'] ?? '',
      speed: Number(bar.dataset['speed']),
    };
  });
}

describe.skipIf(!existsSync(CHROMIUM) || !hasData(CLIP, FACE, SOURCE_CLIP))(
  'studio review (serve + Chromium)',
  () => {
    let browser: Browser;
    let server: { child: ChildProcess; url: string };
    let page: Page;
    const consoleErrors: string[] = [];
    const clip = path.join(out, 'shot-720p.mov');

    beforeAll(async () => {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      buildRenderer();
      await stampedCopy(dataPath(CLIP), 24, clip, '01:00:00:00');
      server = await startServe(path.join(out, 'state'));
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      });
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.on('console', (m) => {
        if (m.type() === 'error' && !/status of 404/.test(m.text())) consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      await page.goto(server.url);
      await pickFile(page, 'import-target', clip);
      await pickFile(page, 'import-source', dataPath(FACE));
      await page.getByTestId('run-analysis').click();
      await page.locator('[data-testid="job-analysis"][data-status="done"]').waitFor(LONG);
    }, 600_000);

    afterAll(async () => {
      await browser?.close();
      if (server?.child.pid) server.child.kill('SIGTERM');
    });

    it('previews at proxy size with the range sound at 1x, muted at 2x and in reverse', async () => {
      await page.getByTestId('preview-range').click();
      const bar = page.getByTestId('review-bar');
      await bar.waitFor(LONG);
      expect(await bar.getAttribute('data-resolution')).toBe('proxy');
      await expect
        .poll(() => page.getByTestId('viewer-canvas').getAttribute('data-view'), POLL)
        .toBe('review');
      const file = await shownFile(page);
      const info = await probe(file);
      expect([info.width, info.height, info.frameCount]).toEqual([960, 540, 24]);
      expect(info.audio.length).toBe(1);
      await page.screenshot({ path: path.join(out, '01-proxy-preview.png') });

      // 1x forward: the sound plays and the picture shows the frame the sound is at.
      await expect.poll(async () => (await reviewClock(page))?.sound, LONG).toBe('playing');
      const heard = new Set<number>();
      await expect
        .poll(async () => {
          const c = await reviewClock(page);
          if (c?.seconds !== null && c?.seconds !== undefined) {
            heard.add(c.seconds);
            // The bar's frame is set from the sound's clock in the same tick (or the next one).
            const expected = Math.floor(c.seconds * 30 + 1e-3);
            const d = Math.min(Math.abs(c.frame - expected), 24 - Math.abs(c.frame - expected));
            expect(d).toBeLessThanOrEqual(1);
          }
          return heard.size;
        }, POLL)
        .toBeGreaterThanOrEqual(4);

      // 2x: muted; the picture runs on.
      await page.keyboard.press('l');
      await expect.poll(async () => (await reviewClock(page))?.speed, POLL).toBe(2);
      expect((await reviewClock(page))?.sound).toBe('muted');
      expect((await reviewClock(page))?.seconds).toBeNull();
      // Reverse: muted.
      await page.keyboard.press('k');
      await page.keyboard.press('j');
      await expect.poll(async () => (await reviewClock(page))?.speed, POLL).toBeLessThan(0);
      expect((await reviewClock(page))?.sound).toBe('muted');
      // Back to 1x forward: sound again.
      await page.keyboard.press('k');
      await page.keyboard.press('l');
      await expect.poll(async () => (await reviewClock(page))?.sound, POLL).toBe('playing');
      await page.keyboard.press('Escape');
      await bar.waitFor({ state: 'detached' });
    }, 900_000);

    it('previews at full size when asked', async () => {
      await page.getByTestId('preview-full-res').check();
      await page.getByTestId('preview-range').click();
      const bar = page.getByTestId('review-bar');
      await bar.waitFor(LONG);
      expect(await bar.getAttribute('data-resolution')).toBe('full');
      await expect
        .poll(() => page.getByTestId('viewer-canvas').getAttribute('data-view'), POLL)
        .toBe('review');
      const info = await probe(await shownFile(page));
      expect([info.width, info.height, info.frameCount]).toEqual([1280, 720, 24]);
      await page.screenshot({ path: path.join(out, '02-full-preview.png') });
      await page.keyboard.press('Escape');
      await bar.waitFor({ state: 'detached' });
      expect(
        await page.getByTestId('errors-panel').locator('[data-testid="error-entry"]').allTextContents(),
      ).toEqual([]);
      expect(consoleErrors).toEqual([]);
    }, 900_000);

    it('checks the source face when it is chosen, in the Inspector and the export dialog', async () => {
      const check = page.getByTestId('source-check');
      await expect.poll(() => check.getAttribute('data-state'), LONG).toBe('ok');
      const sizes = (await page.getByTestId('source-sizes').textContent()) ?? '';
      expect(sizes).toMatch(/Source face \d+ px, the clip's face \d+ px/);
      // A small copy of the same photo: much smaller than the clip's face, with both sizes in px.
      const small = path.join(out, 'obama-small.png');
      await runTool('ffmpeg', ['-v', 'error', '-y', '-i', dataPath(FACE), '-vf', 'scale=120:-2', small]);
      await pickFile(page, 'import-source', small);
      await expect.poll(() => check.getAttribute('data-state'), LONG).toBe('warnings');
      const warning = (await page.getByTestId('source-warning').first().textContent()) ?? '';
      expect(warning).toMatch(/much smaller than the target face \(\d+ px vs \d+ px\)/);
      await page.screenshot({ path: path.join(out, '03-source-warning.png') });
      await page.keyboard.press('Control+e');
      const dialog = page.getByTestId('export-dialog');
      await dialog.waitFor(POLL);
      await expect.poll(() => dialog.getByTestId('source-warning').first().textContent(), LONG).toBe(warning);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      // Back to the full-size photo.
      await page.getByTestId('bin-source').first().click();
      await expect.poll(() => check.getAttribute('data-state'), LONG).toBe('ok');
    }, 900_000);

    it('writes the contact sheet from the export dialog and shows it', async () => {
      await page.keyboard.press('Control+e');
      const dialog = page.getByTestId('export-dialog');
      await dialog.waitFor(POLL);
      await page.getByTestId('export-path').fill(path.join(out, 'shot-swapped.mov'));
      await page.getByTestId('contact-sheet-open').click();
      const sheetPath = page.getByTestId('contact-sheet-path');
      expect(await sheetPath.inputValue()).toBe(path.join(out, 'shot-swapped-contact-sheet.png'));
      await page.getByTestId('contact-sheet-frames').fill('4');
      await page.getByTestId('contact-sheet-write').click();
      const done = page.getByTestId('contact-sheet-done');
      await done.waitFor(LONG);
      const file = (await done.getAttribute('data-path'))!;
      expect(file).toBe(path.join(out, 'shot-swapped-contact-sheet.png'));
      const info = await probe(file);
      const layout = sheetLayout(4, 1280, 720);
      expect([info.width, info.height]).toEqual([layout.width, layout.height]);
      // The dialog shows it (the image loaded from the engine).
      await expect
        .poll(
          () => page.getByTestId('contact-sheet-image').evaluate((img: HTMLImageElement) => img.naturalWidth),
          POLL,
        )
        .toBe(layout.width);
      await page.screenshot({ path: path.join(out, '04-contact-sheet.png') });
      // Writing it again asks before replacing it.
      await page.getByTestId('contact-sheet-write').click();
      await page.getByTestId('contact-sheet-exists').waitFor(POLL);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(
        await page.getByTestId('errors-panel').locator('[data-testid="error-entry"]').allTextContents(),
      ).toEqual([]);
      expect(consoleErrors).toEqual([]);
    }, 900_000);

    it('shows the pose-matched source frame of the playhead frame, as the engine chooses it', async () => {
      if (await page.getByTestId('export-dialog').count()) await page.keyboard.press('Escape');
      const sourceClip = path.join(out, 'source-clip.mov');
      await stampedCopy(dataPath(SOURCE_CLIP), 40, sourceClip, '00:00:00:00');
      await pickFile(page, 'import-source', sourceClip);
      await page.getByTestId('source-frames-select').selectOption('pose-matched');
      const shown = page.getByTestId('pose-frame');
      await expect.poll(() => shown.getAttribute('data-state'), LONG).toBe('shown');
      // The engine's choice for every target frame, by the render's own function, on the studio's files.
      const state = path.join(out, 'state');
      const report = await sourceFramesReport(
        {
          format: RENDER_SPEC_FORMAT,
          version: RENDER_SPEC_VERSION,
          name: 'e2e',
          project: null,
          clipId: 'clip-1',
          target: clip,
          source: { path: sourceClip, frame: 0 },
          analysis: analysisPathFor(state, clip),
          face: 0,
          keyframes: [],
          interpolation: { mode: 'linear', outside: 'none' },
          range: { start: 0, end: 24 },
          preset: { format: 'h264', audio: false, timecode: false },
          out: path.join(out, 'unused.mp4'),
          swap: { ...DEFAULT_SWAP, sourceFrames: 'pose-matched' },
        },
        { stateDir: state },
      );
      for (const f of [0, 7, 16, 23]) {
        await page.getByTestId('timecode').fill(String(f));
        await page.getByTestId('timecode').press('Enter');
        await expect.poll(() => shown.getAttribute('data-frame'), POLL).toBe(String(f));
        const pick = report.perFrame[String(f)]!;
        expect(await shown.getAttribute('data-source-frame')).toBe(String(pick.frame));
        expect(await shown.getAttribute('data-mirrored')).toBe(pick.mirrored ? '1' : '');
        // The thumbnail is that frame of the source clip, loaded from the engine.
        const img = page.getByTestId('pose-frame-image');
        expect(new URL((await img.getAttribute('src'))!, 'http://x').searchParams.get('index')).toBe(
          String(pick.frame),
        );
        await expect
          .poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth), POLL)
          .toBeGreaterThan(0);
      }
      await page.screenshot({ path: path.join(out, '05-pose-matched-frame.png') });
      expect(
        await page.getByTestId('errors-panel').locator('[data-testid="error-entry"]').allTextContents(),
      ).toEqual([]);
      expect(consoleErrors).toEqual([]);
    }, 900_000);
  },
);
