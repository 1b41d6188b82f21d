// End to end in Debian Chromium against `depthswap serve` with the real engine: the studio as editors work.
// Import errors stay in the dialog in plain words; keys work with focus on a checkbox, slider and dropdown
// (and never change them); Escape closes dialogs; `?` lists the keys; a typed timecode jumps to the right
// frame; two clips keep their own marks and settings through save / reload (the last project reopens)
// and each exports its own range (probed); a re-analysis after an edit never shows the old preview; the
// in/out range preview plays looped with J/K/L. Waits are on state the page exposes, never on time.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { dataPath, hasData, testOutputDir } from '../support/shared-data.ts';
import { probe } from '../../src-main/media/probe.ts';
import {
  buildRenderer,
  startServe,
  pickFile,
  stampedCopy,
  viewerShows,
  keypointOnCanvas,
} from './e2e-support.ts';

const CHROMIUM = process.env['DEPTHSWAP_CHROMIUM'] ?? '/usr/bin/chromium';
const CLIP = 'video/liveportrait/d0.mp4';
const FACE = 'faces/face_recognition/obama.jpg';
const out = testOutputDir('e2e-editing');
const POLL = { timeout: 30_000 };
const LONG = { timeout: 300_000 };

async function typeTimecode(page: Page, text: string): Promise<void> {
  const field = page.getByTestId('timecode');
  await field.click();
  await field.fill(text);
  await field.press('Enter');
}

const frameNumber = (page: Page) => page.getByTestId('frame-number').textContent();
const marksOf = async (page: Page) => {
  const m = page.getByTestId('marks');
  return `${await m.getAttribute('data-in')}-${await m.getAttribute('data-out')}`;
};

describe.skipIf(!existsSync(CHROMIUM) || !hasData(CLIP, FACE))('studio editing (serve + Chromium)', () => {
  let browser: Browser;
  let server: { child: ChildProcess; url: string };
  let page: Page;
  const consoleErrors: string[] = [];
  const clipA = path.join(out, 'shot-a.mov');
  const clipB = path.join(out, 'shot-b.mov');
  const projectPath = path.join(out, 'two-clips.dsproj');

  beforeAll(async () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    buildRenderer();
    await stampedCopy(dataPath(CLIP), 30, clipA, '01:00:00:00');
    await stampedCopy(dataPath(CLIP), 30, clipB, '02:00:00:00');
    writeFileSync(path.join(out, 'notes.mov'), 'these are notes, not a video\n');
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
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.child.pid) server.child.kill('SIGTERM');
  });

  it('keeps the import dialog open with the reason in plain words, also in the Errors panel', async () => {
    await page.getByTestId('import-target').click();
    const dialog = page.getByTestId('file-browser');
    await page.getByTestId('fs-path').fill(path.join(out, 'missing.mov'));
    await page.getByTestId('fs-ok').click();
    await expect
      .poll(() => page.getByTestId('fs-error').textContent(), POLL)
      .toBe(`File not found: ${path.join(out, 'missing.mov')}`);
    await page.getByTestId('fs-path').fill(path.join(out, 'notes.mov'));
    await page.getByTestId('fs-ok').click();
    await expect
      .poll(() => page.getByTestId('fs-error').textContent(), POLL)
      .toBe(`Not a video ffmpeg can read: ${path.join(out, 'notes.mov')}`);
    expect(await dialog.isVisible()).toBe(true);
    await page.screenshot({ path: path.join(out, '01-import-error.png') });
    const errors = page.getByTestId('errors-panel').locator('[data-testid="error-entry"]');
    await expect.poll(() => errors.count(), POLL).toBe(2);
    expect(await errors.first().textContent()).toMatch(/File not found/);
    // Escape closes it; the errors are cleared for what follows.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('errors-panel').getByText('Clear').click();
  });

  it('works the keys wherever focus is (checkbox, slider, dropdown) without changing the control', async () => {
    await pickFile(page, 'import-target', clipA);
    await expect.poll(() => frameNumber(page), POLL).toBe('frame 0 / 29');
    await pickFile(page, 'import-source', dataPath(FACE));

    const checkbox = page.getByTestId('show-mesh');
    await checkbox.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('speed').textContent(), POLL).toBe('1x');
    await page.keyboard.press('k');
    expect(await checkbox.isChecked()).toBe(false);
    await page.keyboard.press('Home');
    await expect.poll(() => frameNumber(page), POLL).toBe('frame 0 / 29');

    const slider = page.getByTestId('mask-erode');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => frameNumber(page), POLL).toBe('frame 2 / 29');
    expect(await slider.inputValue()).toBe('3');

    const dropdown = page.getByTestId('interpolation-mode');
    await dropdown.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('End');
    await expect.poll(() => frameNumber(page), POLL).toBe('frame 29 / 29');
    expect(await dropdown.inputValue()).toBe('linear');
    await page.keyboard.press('Home');
    await page.keyboard.press('l');
    await expect.poll(() => page.getByTestId('speed').textContent(), POLL).toBe('1x');
    await page.keyboard.press('k');
    expect(await page.getByTestId('speed').textContent()).toBe('');

    // A control used with the mouse gives the focus back: the next key is a shortcut again.
    await checkbox.click();
    expect(await checkbox.isChecked()).toBe(true);
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => frameNumber(page), POLL).toBe('frame 1 / 29');
    expect(await checkbox.isChecked()).toBe(true);
    await checkbox.click();

    // `?` lists the keys; Escape closes it, and the export dialog.
    await page.keyboard.press('?');
    await page.getByTestId('shortcuts').waitFor();
    expect(await page.getByTestId('shortcuts').textContent()).toMatch(/Mark in \/ out/);
    await page.screenshot({ path: path.join(out, '02-shortcuts.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+e');
    await page.getByTestId('export-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
  });

  it('jumps to a typed timecode, frame number or relative offset; refuses one outside the clip', async () => {
    await typeTimecode(page, '01:00:00:12');
    await expect.poll(() => frameNumber(page), POLL).toBe('frame 12 / 29');
    await typeTimecode(page, '+5');
    await expect.poll(() => frameNumber(page), POLL).toBe('frame 17 / 29');
    await typeTimecode(page, '0:20');
    await expect.poll(() => frameNumber(page), POLL).toBe('frame 20 / 29');
    await typeTimecode(page, '-1:00');
    await expect
      .poll(() => page.getByTestId('timecode-error').textContent(), POLL)
      .toMatch(/before the clip/);
    expect(await frameNumber(page)).toBe('frame 20 / 29');
    await page.keyboard.press('Escape');
    await typeTimecode(page, '3');
    await expect.poll(() => frameNumber(page), POLL).toBe('frame 3 / 29');
    expect(await page.getByTestId('timecode').inputValue()).toBe('01:00:00:03');
  });

  it('keeps marks and settings per clip through save and reload; each clip exports its own range', async () => {
    // Clip A: in 2, out 6, mask erode 6, mouth kept.
    await typeTimecode(page, '2');
    await page.keyboard.press('i');
    await typeTimecode(page, '6');
    await page.keyboard.press('o');
    await page.getByTestId('mask-erode').fill('6');
    await page.getByTestId('exclude-mouth').check();
    expect(await marksOf(page)).toBe('2-6');
    // Clip B: its own marks (none yet), in 10, out 13, mirror off.
    await pickFile(page, 'import-target', clipB);
    await expect.poll(() => marksOf(page), POLL).toBe('-');
    expect(await page.getByTestId('mask-erode').inputValue()).toBe('3');
    await typeTimecode(page, '10');
    await page.keyboard.press('i');
    await typeTimecode(page, '13');
    await page.keyboard.press('o');
    await page.getByTestId('mirror').selectOption('off');
    expect(await marksOf(page)).toBe('10-13');
    // Back on A: its marks, settings and playhead.
    await page.getByTestId('bin-clip').first().click();
    await expect.poll(() => marksOf(page), POLL).toBe('2-6');
    expect(await page.getByTestId('mask-erode').inputValue()).toBe('6');
    expect(await page.getByTestId('exclude-mouth').isChecked()).toBe(true);
    expect(await page.getByTestId('mirror').inputValue()).toBe('auto');
    expect(await frameNumber(page)).toBe('frame 6 / 29');

    await pickFile(page, 'save-project', projectPath);
    await expect.poll(() => page.getByTestId('status').textContent(), POLL).toMatch(/Saved/);
    await page.reload();
    // The last project reopens at its playhead; each clip has its own marks and settings.
    await expect.poll(() => page.getByTestId('project-title').textContent(), POLL).toMatch(/two-clips/);
    await expect.poll(() => marksOf(page), POLL).toBe('2-6');
    await expect.poll(() => frameNumber(page), POLL).toBe('frame 6 / 29');
    expect(await page.getByTestId('mask-erode').inputValue()).toBe('6');
    await page.getByTestId('bin-clip').nth(1).click();
    await expect.poll(() => marksOf(page), POLL).toBe('10-13');
    expect(await page.getByTestId('mirror').inputValue()).toBe('off');
    expect(await page.getByTestId('mask-erode').inputValue()).toBe('3');

    // Each clip exports its own range, with its own timecode.
    for (const [index, file, frames, tc] of [
      [0, 'a.mp4', 5, '01:00:00:02'],
      [1, 'b.mp4', 4, '02:00:00:10'],
    ] as const) {
      await page.getByTestId('bin-clip').nth(index).click();
      await page.getByTestId('open-export').click();
      await page.getByTestId('export-format').selectOption('h264');
      await page.getByTestId('export-timecode').check();
      expect(await page.getByTestId('export-range').textContent()).toMatch(
        new RegExp(`\\(${frames} frames\\)`),
      );
      await page.getByTestId('export-path').fill(path.join(out, file.replace('.mp4', '')));
      await page.getByTestId('start-export').click();
      await page.getByTestId('export-facts').waitFor(LONG);
      expect(await page.getByTestId('export-facts').getAttribute('data-frames')).toBe(String(frames));
      await page.screenshot({ path: path.join(out, `03-export-${file}.png`) });
      const info = await probe(path.join(out, file));
      expect(info.frameCount).toBe(frames);
      expect(info.startTimecode).toBe(tc);
      // Exporting again to the same file asks first.
      await page.getByTestId('start-export').click();
      await page.getByTestId('export-exists').waitFor();
      await page.keyboard.press('Escape');
      await page.getByTestId('export-exists').waitFor({ state: 'detached' });
      await page.keyboard.press('Escape');
      await page.getByTestId('export-dialog').waitFor({ state: 'detached' });
    }
  }, 900_000);

  it('never shows the old preview after a re-analysis, and plays the in/out range looped', async () => {
    await page.getByTestId('bin-clip').first().click();
    await page.getByTestId('run-analysis').click();
    await page.locator('[data-testid="job-analysis"][data-status="done"]').waitFor(LONG);
    await typeTimecode(page, '4');
    await page.getByTestId('keypoint-count').waitFor(POLL);
    // Double-click fits the view and selects nothing; the badge goes with the overlay.
    const [kx, ky] = await keypointOnCanvas(page, 30);
    await page.keyboard.press('Escape');
    await page.mouse.dblclick(kx, ky);
    await expect.poll(() => page.getByTestId('keypoint-count').textContent(), POLL).not.toMatch(/selected/);
    await page.getByTestId('show-keypoints').uncheck();
    await page.getByTestId('keypoint-count').waitFor({ state: 'detached' });
    await page.getByTestId('show-keypoints').check();
    await page.keyboard.press('p');
    const first = await viewerShows(page, 'swapped');
    // Wipe and a view mode are never lit together: the wipe is what the screen shows.
    await page.getByTestId('wipe').click();
    expect(await page.getByTestId('view-swapped').getAttribute('class')).toBe('');
    expect(await page.getByTestId('wipe').getAttribute('class')).toBe('on');
    await page.getByTestId('view-swapped').click();
    expect(await page.getByTestId('wipe').getAttribute('class')).toBe('');
    // An edit: the preview made before it is not shown.
    const [x, y] = await keypointOnCanvas(page, 30);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 12, y + 6, { steps: 4 });
    await page.mouse.up();
    const edited = await viewerShows(page, 'swapped', first);
    // A re-analysis: the edited preview belongs to the old keypoints and must not come back.
    await page.getByTestId('view-original').click();
    await page.getByTestId('run-analysis').click();
    await page.locator('[data-testid="job-analysis"][data-status="running"]').waitFor(POLL);
    await page.locator('[data-testid="job-analysis"][data-status="done"]').waitFor(LONG);
    await page.getByTestId('view-swapped').click();
    const after = await viewerShows(page, 'swapped', edited);
    expect(after).not.toBe(first);
    expect(after).not.toBe(edited);

    // Preview I-O: frames 2-6 rendered through the render path and played looped; J/K/L drive it.
    await page.getByTestId('view-original').click();
    await page.getByTestId('preview-range').click();
    const bar = page.getByTestId('review-bar');
    await bar.waitFor(LONG);
    const seen = new Set<string>();
    await expect
      .poll(async () => {
        seen.add((await bar.getAttribute('data-frame')) ?? '');
        return seen.size;
      }, LONG)
      .toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: path.join(out, '04-range-preview.png') });
    await page.keyboard.press('k');
    await expect.poll(() => bar.getAttribute('data-speed'), POLL).toBe('0');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => bar.getAttribute('data-frame'), POLL).toBe('1');
    await viewerShows(page, 'review');
    await page.getByTestId('view-matte').click();
    await viewerShows(page, 'review-matte');
    await page.keyboard.press('Escape');
    await bar.waitFor({ state: 'detached' });
    expect(
      await page.getByTestId('errors-panel').locator('[data-testid="error-entry"]').allTextContents(),
    ).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 900_000);
});
