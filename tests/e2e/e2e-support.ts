// Helpers of the studio end-to-end test: the real `depthswap serve`, file pickers, stamped test clips, and
// what the viewer shows.
import { expect } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../support/shared-data.ts';
import { probe } from '../../src-main/media/probe.ts';
import { readFrames } from '../../src-main/media/frame-reader.ts';
import { openFrameWriter } from '../../src-main/media/frame-writer.ts';
import { decodeImage } from '../../src-main/media/image.ts';

/** Builds the studio UI (dist/renderer) that `depthswap serve` serves; throws with vite's message. */
export function buildRenderer(): void {
  const vite = path.join(REPO_ROOT, 'node_modules', '.bin', 'vite');
  const build = spawnSync(vite, ['build', '--config', 'src-renderer/vite.config.ts', '--logLevel', 'error'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`renderer build failed: ${build.stderr}`);
}

export async function startServe(stateDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, 'src-main/cli/depthswap.mjs'),
      'serve',
      '--port',
      '0',
      '--state-dir',
      stateDir,
      '--autosave',
      '2',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)/.exec(d.toString());
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`depthswap serve exited (${code}): ${stderr}`)));
  });
  return { child, url };
}

export async function pickFile(page: Page, opener: string, filePath: string): Promise<void> {
  await page.getByTestId(opener).click();
  await page.getByTestId('fs-path').fill(filePath);
  await page.getByTestId('fs-ok').click();
  await page.getByTestId('file-browser').waitFor({ state: 'detached' });
}

/** `frames` of `clip` as ProRes 422 HQ with its audio and the start timecode `tc`. */
export async function stampedCopy(clip: string, frames: number, file: string, tc: string): Promise<void> {
  const info = await probe(clip);
  const range = { start: 0, end: frames };
  const writer = await openFrameWriter({
    out: file,
    format: 'prores-hq',
    width: info.width,
    height: info.height,
    frameRate: info.frameRate,
    pixelFormat: 'rgb24',
    source: { info, range },
    timecode: tc,
    overwrite: true,
  });
  for await (const f of readFrames(clip, { range, info, pixelFormat: 'rgb24' })) await writer.write(f.data);
  await writer.finish();
}

/** Resolves after the page has painted twice (a screenshot then shows the last state). */
export async function painted(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

/** The viewer canvas once it shows `view` from a source other than `notSrc`. */
export async function viewerShows(page: Page, view: string, notSrc = ''): Promise<string> {
  const handle = await page.waitForFunction(
    ([v, old]) => {
      const c = document.querySelector('[data-testid="viewer-canvas"]');
      if (!(c instanceof HTMLElement) || c.dataset['view'] !== v) return null;
      const src = c.dataset['src'] ?? '';
      return src !== old ? src : null;
    },
    [view, notSrc] as const,
    { timeout: 180_000 },
  );
  await painted(page);
  return (await handle.jsonValue()) as string;
}

/**
 * The image the viewer shows (its `data-src`, fetched from serve like the page does, saved as `file`):
 * the share of its pixels that are grey (r = g = b) and that are near white.
 */
export async function shownImageStats(src: string, base: string, file: string) {
  const res = await fetch(new URL(src, base));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('image/png');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const img = await decodeImage(file, { pixelFormat: 'rgb24' });
  let grey = 0;
  let white = 0;
  const n = img.width * img.height;
  for (let p = 0; p < n; p++) {
    const [r, g, b] = [img.data[p * 3]!, img.data[p * 3 + 1]!, img.data[p * 3 + 2]!];
    if (r === g && g === b) grey++;
    if (r >= 230) white++;
  }
  return { width: img.width, grey: grey / n, white: white / n };
}

export async function keypointOnCanvas(page: Page, k: number): Promise<[number, number]> {
  const canvas = page.getByTestId('viewer-canvas');
  const box = (await canvas.boundingBox())!;
  const json = await canvas.getAttribute('data-keypoints');
  const pts = JSON.parse(json!) as [number, number][];
  const p = pts[k]!;
  return [box.x + p[0], box.y + p[1]];
}
