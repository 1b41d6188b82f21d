// End to end in Debian Chromium (playwright-core) against `depthswap serve` with the real engine and a
// real clip (78 frames of d3.mp4 with its audio, as ProRes stamped with timecode 01:00:00:00, since the
// shared clips carry none): import it and a source face, run analysis, see the keypoint overlay, drag a
// keypoint (a keyframe appears; undo/redo; it survives a reload of the saved project), preview the swap,
// the engine's matte of it (which a changed mask erode re-renders smaller), see the predicted depth as a
// 3D mesh, export a short range twice (audio off / timecode on, then audio on / timecode off) and watch
// each reach done, then probe the files. No console errors; screenshots in test-output/e2e/. Waits are on
// state the page exposes (data attributes, job status), never on time.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { dataPath, hasData, testOutputDir } from '../support/shared-data.ts';
import { probe } from '../../src-main/media/probe.ts';
import {
  buildRenderer,
  startServe,
  pickFile,
  stampedCopy,
  painted,
  viewerShows,
  shownImageStats,
  keypointOnCanvas,
} from './e2e-support.ts';

const CHROMIUM = process.env['DEPTHSWAP_CHROMIUM'] ?? '/usr/bin/chromium';
const CLIP = 'video/liveportrait/d0.mp4';
/** 512x512, 30 fps, with audio: the first 78 frames become the stamped clip of the main test. */
const AUDIO_CLIP = 'video/liveportrait/d3.mp4';
const FACE = 'faces/face_recognition/obama.jpg';
const out = testOutputDir('e2e');
const hasChromium = existsSync(CHROMIUM);
const POLL = { timeout: 20_000 };
if (!hasChromium) console.warn(`skipped: no Chromium at ${CHROMIUM} (set DEPTHSWAP_CHROMIUM)`);

describe.skipIf(!hasChromium || !hasData(CLIP, AUDIO_CLIP, FACE))(
  'studio end to end (serve + Chromium)',
  () => {
    let browser: Browser;
    let server: { child: ChildProcess; url: string };
    const stamped = path.join(out, 'd3-tc.mov');

    beforeAll(async () => {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out, { recursive: true });
      buildRenderer();
      await stampedCopy(dataPath(AUDIO_CLIP), 78, stamped, '01:00:00:00');
      server = await startServe(path.join(out, 'state'));
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
        ],
      });
    });

    afterAll(async () => {
      await browser?.close();
      if (server?.child.pid) server.child.kill('SIGTERM');
    });

    it('imports, analyses, edits keypoints with undo, persists keyframes, previews and exports', async () => {
      const consoleErrors: string[] = [];
      const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      await page.goto(server.url);

      // Import a clip and a source face; the bin shows probe details.
      await pickFile(page, 'import-target', stamped);
      await expect
        .poll(() => page.getByTestId('bin-clip').textContent(), POLL)
        .toMatch(/512x512 · 30 fps · 78 frames/);
      await pickFile(page, 'import-source', dataPath(FACE));
      await expect.poll(() => page.getByTestId('bin-source').textContent(), POLL).toMatch(/910x1137/);

      // Analysis runs in the engine; the keypoint overlay appears.
      await page.getByTestId('run-analysis').click();
      await page.locator('[data-testid="job-analysis"][data-status="done"]').waitFor({ timeout: 240_000 });
      await page.getByTestId('keypoint-count').waitFor();
      expect(await page.getByTestId('keypoint-count').textContent()).toMatch(/^68 keypoints/);
      await page.screenshot({ path: path.join(out, '01-analysed.png') });

      // Frame 10 by arrow keys; the timecode follows.
      for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
      await expect.poll(() => page.getByTestId('timecode').inputValue(), POLL).toBe('01:00:00:10');
      await page.waitForFunction(() => {
        const c = document.querySelector('[data-testid="viewer-canvas"]');
        return c instanceof HTMLElement && (c.dataset['keypoints'] ?? '').length > 10;
      });

      // Drag the nose tip (keypoint 30): one keyframe at frame 10, one undo step.
      const [x, y] = await keypointOnCanvas(page, 30);
      await page.mouse.move(x, y);
      await page.mouse.down();
      for (let s = 1; s <= 6; s++) await page.mouse.move(x + s * 4, y + s * 2);
      await page.mouse.up();
      const marker = page.locator('[data-testid="keyframe-marker"][data-frame="10"]');
      await marker.waitFor();
      expect(await page.getByTestId('keypoint-count').textContent()).toMatch(/edited/);
      const [mx, my] = await keypointOnCanvas(page, 30);
      expect(mx - x).toBeGreaterThan(15);
      expect(my - y).toBeGreaterThan(7);
      await page.screenshot({ path: path.join(out, '02-keypoint-dragged.png') });

      await page.getByTestId('undo').click();
      await marker.waitFor({ state: 'detached' });
      await page.getByTestId('redo').click();
      await marker.waitFor();

      // Save, reload the page, open the project again: the keyframe is still there.
      const projectPath = path.join(out, 'e2e.dsproj');
      await pickFile(page, 'save-project', projectPath);
      await expect.poll(() => page.getByTestId('status').textContent(), POLL).toMatch(/Saved/);
      expect(existsSync(projectPath)).toBe(true);
      await page.reload();
      // The last project reopens on start, at its playhead (frame 10).
      await expect.poll(() => page.getByTestId('project-title').textContent(), POLL).toMatch(/e2e\.dsproj/);
      await expect.poll(() => page.getByTestId('timecode').inputValue(), POLL).toBe('01:00:00:10');
      await page.locator('[data-testid="keyframe-marker"][data-frame="10"]').waitFor();
      expect(await page.getByTestId('keyframe-list').textContent()).toMatch(/Keyframes: 10/);

      // Swap preview of frame 10 (the engine's render path, with the edited keypoints).
      await page.locator('[data-testid="keyframe-marker"][data-frame="10"]').click();
      await expect.poll(() => page.getByTestId('timecode').inputValue(), POLL).toBe('01:00:00:10');
      await page.getByTestId('preview-swap').click();
      await page.getByTestId('swapped-badge').waitFor({ timeout: 180_000 });
      await viewerShows(page, 'swapped');
      await page.screenshot({ path: path.join(out, '03-swap-preview.png') });
      // Wipe compare: swapped left of the line, original right of it.
      await page.getByTestId('wipe').click();
      await page.getByTestId('wipe-handle').waitFor();
      await page.waitForFunction(
        () => document.querySelector<HTMLElement>('[data-testid="viewer-canvas"]')?.dataset['wipe'] === 'on',
      );
      await painted(page);
      await page.screenshot({ path: path.join(out, '03b-wipe.png') });
      await page.getByTestId('wipe').click();

      // The matte view: the engine's matte of this preview (grey, white = the swapped face), without the
      // overlays. A bigger mask erode re-renders the preview (same render path), and the matte shrinks.
      await page.getByTestId('show-keypoints').uncheck();
      await page.getByTestId('view-matte').click();
      await page.getByTestId('matte-badge').waitFor({ timeout: 180_000 });
      const firstMatte = await viewerShows(page, 'matte');
      expect(firstMatte).toMatch(/matte=1/);
      await page.screenshot({ path: path.join(out, '03c-matte.png') });
      const before = await shownImageStats(firstMatte, server.url, path.join(out, 'matte-served.png'));
      expect(before.width).toBe(512);
      expect(before.grey).toBe(1);
      expect(before.white).toBeGreaterThan(0.02);
      await page.getByTestId('mask-erode').fill('15');
      const erodedMatte = await viewerShows(page, 'matte', firstMatte);
      await page.screenshot({ path: path.join(out, '03d-matte-eroded.png') });
      const after = await shownImageStats(erodedMatte, server.url, path.join(out, 'matte-eroded-served.png'));
      expect(after.grey).toBe(1);
      expect(after.white).toBeGreaterThan(0);
      expect(after.white).toBeLessThan(before.white * 0.85);
      await page.getByTestId('undo').click(); // the erode change is one undo step
      await expect.poll(() => page.getByTestId('mask-erode').inputValue(), POLL).toBe('3');
      await page.getByTestId('show-keypoints').check();
      await page.getByTestId('view-original').click();
      await viewerShows(page, 'original');

      // Depth view: DepthNet's depth for the source keypoints against frame 10, as an orbitable mesh.
      await page.getByTestId('run-depth').click();
      try {
        await page
          .locator('[data-testid="depth-view"] canvas[data-ready="yes"]')
          .waitFor({ timeout: 180_000 });
      } catch (err) {
        await page.screenshot({ path: path.join(out, 'failed-depth-view.png') });
        throw err;
      }
      const canvas = page.locator('[data-testid="depth-view"] canvas');
      const cb = (await canvas.boundingBox())!;
      await page.mouse.move(cb.x + cb.width / 2, cb.y + cb.height / 2);
      await page.mouse.down();
      await page.mouse.move(cb.x + cb.width / 2 + 120, cb.y + cb.height / 2 + 20, { steps: 8 });
      await page.mouse.up();
      await painted(page);
      await page.screenshot({ path: path.join(out, '04-depth-view.png') });
      await page.getByTestId('depth-view').getByText('Close').click();
      // The undo above re-checks its preview a moment later; having left the matte view, the view stays.
      expect(await page.getByTestId('view-original').getAttribute('class')).toBe('on');

      // Export frames 2-6 (I at 2, O at 6) as H.264 without audio, with timecode; watch it reach done.
      await page.keyboard.press('Home');
      for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('i');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('o');
      expect(await page.getByTestId('marks').textContent()).toBe(
        'in 01:00:00:02 – out 01:00:00:06 (5 frames, 00:00:00:05)',
      );
      await page.getByTestId('open-export').click();
      const dialog = page.getByTestId('export-dialog');
      await page.getByTestId('export-format').selectOption('h264');
      await page.getByTestId('export-audio').uncheck();
      await page.getByTestId('export-timecode').check();
      const exportPath = path.join(out, 'export.mp4');
      await page.getByTestId('export-path').fill(exportPath);
      await page.getByTestId('start-export').click();
      const done = dialog.locator('[data-testid="job-render"][data-status="done"]');
      await done.waitFor({ timeout: 240_000 });
      await page.screenshot({ path: path.join(out, '05-export-done.png') });
      const info = await probe(exportPath);
      expect(info.frameCount).toBe(5);
      expect([info.width, info.height]).toEqual([512, 512]);
      expect(info.videoCodec).toBe('h264');
      expect(info.audio).toEqual([]);
      expect(info.startTimecode).toBe('01:00:00:02');

      // The same range as ProRes 4444 (matte in alpha) with audio, without timecode.
      await page.getByTestId('export-format').selectOption('prores-4444');
      await page.getByTestId('export-audio').check();
      await page.getByTestId('export-timecode').uncheck();
      const exportMov = path.join(out, 'export-4444.mov');
      await page.getByTestId('export-path').fill(exportMov);
      await page.getByTestId('start-export').click();
      await done.waitFor({ state: 'detached', timeout: 30_000 });
      await done.waitFor({ timeout: 240_000 });
      await page.screenshot({ path: path.join(out, '05b-export-4444-done.png') });
      const mov = await probe(exportMov);
      expect(mov.frameCount).toBe(5);
      expect(mov.videoCodec).toBe('prores');
      expect(mov.pixelFormat).toMatch(/^yuva/);
      expect(mov.audio.length).toBe(1);
      expect(mov.startTimecode).toBeNull();
      expect(mov.durationSeconds).toBeCloseTo(5 / 30, 1);

      // The same range through the persistent queue: Add to queue, then the Render Queue panel follows it
      // live (per-chunk squares) to completed.
      await page.getByTestId('export-format').selectOption('prores-hq');
      const queued = path.join(out, 'export-queued.mov');
      await page.getByTestId('export-path').fill(queued);
      await page.getByTestId('add-to-queue').click();
      await page.getByTestId('export-dialog').getByText('Close').click();
      const panel = page.getByTestId('queue-panel');
      await panel.locator('[data-testid="queue-job"]').first().waitFor();
      await panel.locator('[data-testid="queue-job"][data-state="completed"]').waitFor({ timeout: 240_000 });
      await page.screenshot({ path: path.join(out, '05c-queue-done.png') });
      expect((await probe(queued)).frameCount).toBe(5);

      // Re-track from frame 60 to the end: merged into the analysis, keypoints still there after it.
      await page.keyboard.press('End');
      for (let i = 0; i < 17; i++) await page.keyboard.press('ArrowLeft');
      await expect.poll(() => page.getByTestId('frame-number').textContent(), POLL).toMatch(/^frame 60/);
      await page.getByTestId('retrack').click();
      await page.locator('[data-testid="job-analysis"][data-status="running"]').waitFor();
      await page.locator('[data-testid="job-analysis"][data-status="done"]').waitFor({ timeout: 240_000 });
      await page.keyboard.press('ArrowRight');
      await page.getByTestId('keypoint-count').waitFor();

      expect(await page.getByTestId('errors-panel').locator('[data-testid="error-entry"]').count()).toBe(0);
      expect(consoleErrors).toEqual([]);
      await page.close();
    }, 600_000);

    it('offers the autosave after the engine was killed, and recovers it', async () => {
      const consoleErrors: string[] = [];
      const stateDir = path.join(out, 'state-crash');
      const first = await startServe(stateDir);
      const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
      // (This page loses its engine on purpose: its failed requests afterwards are expected.)
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      await page.goto(first.url);
      try {
        await pickFile(page, 'import-target', dataPath(CLIP));
      } catch (err) {
        await page.screenshot({ path: path.join(out, 'failed-crash-import.png') });
        throw err;
      }
      await expect.poll(() => page.getByTestId('bin-clip').textContent(), POLL).toMatch(/78 frames/);
      const projectPath = path.join(out, 'crash.dsproj');
      await pickFile(page, 'save-project', projectPath);
      await expect.poll(() => page.getByTestId('status').textContent(), POLL).toMatch(/Saved/);
      // An unsaved edit (in/out marks), autosaved within 2 s, then the engine dies hard.
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('i');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('o');
      await expect
        .poll(() => page.getByTestId('status').textContent(), { timeout: 15_000 })
        .toMatch(/Autosaved/);
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      await page.close();

      const second = await startServe(stateDir);
      try {
        const again = await browser.newPage({ viewport: { width: 1400, height: 860 } });
        again.on('pageerror', (e) => consoleErrors.push(e.message));
        again.on('console', (m) => {
          if (m.type() === 'error') consoleErrors.push(m.text());
        });
        await again.goto(second.url);
        // The last project reopens on start; its newer autosave is offered.
        await again.getByTestId('recovery-dialog').waitFor();
        await again.screenshot({ path: path.join(out, '06-recovery-offered.png') });
        await again.getByTestId('recover').click();
        const marks = again.getByTestId('marks');
        await expect.poll(() => marks.getAttribute('data-out'), POLL).toBe('7');
        expect(await marks.getAttribute('data-in')).toBe('3');
        // The undo history came back with it: undoing the out mark leaves the in mark.
        await again.getByTestId('undo').click();
        await expect.poll(() => marks.getAttribute('data-out'), POLL).toBe('');
        expect(await marks.getAttribute('data-in')).toBe('3');
        await again.close();
      } finally {
        second.child.kill('SIGTERM');
      }
      expect(consoleErrors).toEqual([]);
    }, 300_000);
  },
);
