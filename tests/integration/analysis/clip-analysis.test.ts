// Real clips: a shot cut separates tracks; tracking mode does not leak; the analysis file is valid, saved
// atomically, and re-analysis computes only missing frames; the CLI prints the documented JSON.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, rmSync, readdirSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  createFaceAnalyzer,
  liveTensors,
  type FaceAnalyzer,
} from '../../../src-main/analysis/face-analyzer.ts';
import { analyzeClipCached, loadAnalysis } from '../../../src-main/analysis/analysis-store.ts';
import { keypointsAt } from '../../../src-shared/analysis/schema.ts';
import { dataPath, hasData, testOutputDir, REPO_ROOT } from '../../support/shared-data.ts';

const run = promisify(execFile);
const HAMILTON = 'video/face_recognition/short_hamilton_clip.mp4';
const D0 = 'video/liveportrait/d0.mp4';

describe.skipIf(!hasData(HAMILTON, D0, 'landmarks2d/eos/image_0001.png'))('face analysis on clips', () => {
  let analyzer: FaceAnalyzer;
  // Per process: two runs of this file at once (CI and a developer) must not share files.
  const out = testOutputDir(`analysis-${process.pid}`);
  beforeAll(async () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    analyzer = await createFaceAnalyzer();
  });
  afterAll(() => analyzer?.dispose());

  it('ends every track at a shot cut (short_hamilton_clip, frames 0-99)', async () => {
    const a = await analyzer.analyzeClip(dataPath(HAMILTON), { range: { start: 0, end: 100 } });
    expect(Object.keys(a.frames)).toHaveLength(100);
    // Cuts at 20 (wide stage -> profile close-up) and 82 (-> medium shot), seen in the footage.
    expect(a.cuts).toEqual([20, 82]);
    for (const t of a.tracks) {
      for (const c of a.cuts) expect(t.first >= c || t.last < c).toBe(true);
    }
    const before = a.tracks.filter((t) => t.last < 20);
    const after = a.tracks.filter((t) => t.first >= 82);
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(a.frames['90']!.faces.length).toBeGreaterThanOrEqual(1);
  });

  it('keeps tensors flat over a tracked clip, and re-analysis computes only missing frames', async () => {
    const file = path.join(out, 'd0.analysis.json');
    const clip = dataPath(D0);
    await analyzer.analyzeClip(clip, { range: { start: 0, end: 2 } });
    const tensors = liveTensors();
    const first = await analyzeClipCached(analyzer, clip, file, { range: { start: 0, end: 15 } });
    expect(liveTensors()).toBe(tensors);
    expect(first.computed).toEqual([{ start: 0, end: 15 }]);
    expect(first.analysis.tracks).toHaveLength(1);
    const kp = keypointsAt(await loadAnalysis(file), 10, first.analysis.tracks[0]!.id);
    expect(kp).toHaveLength(68);
    const again = await analyzeClipCached(analyzer, clip, file, { range: { start: 5, end: 14 } });
    expect(again.computed).toEqual([]);
    const more = await analyzeClipCached(analyzer, clip, file, { range: { start: 10, end: 20 } });
    expect(more.computed).toEqual([{ start: 15, end: 20 }]);
    expect(more.analysis.ranges).toEqual([{ start: 0, end: 20 }]);
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('stops on cancel and leaves no analysis file', async () => {
    const file = path.join(out, 'cancelled.json');
    const ac = new AbortController();
    const p = analyzeClipCached(analyzer, dataPath(D0), file, {
      signal: ac.signal,
      onProgress: (pr) => {
        if (pr.done >= 2) ac.abort();
      },
    });
    await expect(p).rejects.toThrow(/cancel|abort/i);
    expect(existsSync(file)).toBe(false);
  });

  it('CLI: image --json prints exactly the documented shape; clip --json prints the summary', async () => {
    const cli = path.join(REPO_ROOT, 'src-main/cli/depthswap.mjs');
    const img = await run('node', [cli, 'analyze', dataPath('landmarks2d/eos/image_0001.png'), '--json']);
    const parsed = JSON.parse(img.stdout) as {
      faces: { box: number[]; score: number; keypoints: number[][] }[];
    };
    expect(Object.keys(parsed)).toEqual(['faces']);
    expect(parsed.faces).toHaveLength(1);
    expect(Object.keys(parsed.faces[0]!)).toEqual(['box', 'score', 'keypoints']);
    expect(parsed.faces[0]!.box).toHaveLength(4);
    expect(parsed.faces[0]!.keypoints).toHaveLength(68);
    const file = path.join(out, 'cli.json');
    const clip = await run('node', [
      cli,
      'analyze',
      dataPath(D0),
      '--out',
      file,
      '--frames',
      '0-9',
      '--json',
    ]);
    const summary = JSON.parse(clip.stdout) as Record<string, unknown>;
    expect(Object.keys(summary)).toEqual(['frames', 'tracks', 'cuts', 'backend', 'msPerFrame']);
    expect(summary['frames']).toBe(10);
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('format', 'depthswap-analysis');
    const bad = await run('node', [cli, 'analyze', dataPath(D0)]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 2 });
  });
});
