// Analysis files as the studio uses them: where a clip's analysis is written, and the primary face's
// keypoints and confidence for a frame window (parsed files cached by path and mtime).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parseAnalysis, type AnalysisFile } from '../../src-shared/analysis/schema.ts';
import type { TrackedFrame } from '../../src-shared/api/schemas.ts';

export function analysisPathFor(stateDir: string, clipPath: string): string {
  const hash = createHash('sha1').update(path.resolve(clipPath)).digest('hex').slice(0, 12);
  const base = path.basename(clipPath, path.extname(clipPath)).replace(/[^\w.-]+/g, '_');
  return path.join(stateDir, 'analysis', `${base}-${hash}.analysis.json`);
}

/** The track the studio edits: the one seen longest (ties: higher mean confidence). */
export function primaryTrack(a: AnalysisFile): number | null {
  let best: AnalysisFile['tracks'][number] | null = null;
  for (const t of a.tracks) {
    const len = t.last - t.first;
    if (
      !best ||
      len > best.last - best.first ||
      (len === best.last - best.first && t.meanConfidence > best.meanConfidence)
    ) {
      best = t;
    }
  }
  return best?.id ?? null;
}

export class AnalysisFiles {
  private readonly cache = new Map<string, { mtimeMs: number; file: AnalysisFile }>();

  async load(filePath: string): Promise<AnalysisFile> {
    const { mtimeMs } = await stat(filePath);
    const hit = this.cache.get(filePath);
    if (hit && hit.mtimeMs === mtimeMs) return hit.file;
    const file = parseAnalysis(await readFile(filePath, 'utf8'), filePath);
    this.cache.set(filePath, { mtimeMs, file });
    return file;
  }

  async frames(
    filePath: string,
    start: number,
    end: number,
  ): Promise<{ frames: TrackedFrame[]; shotCuts: number[] }> {
    if (end < start) throw new Error(`frame window ${start}-${end} ends before it starts`);
    if (end - start > 100_000) throw new Error('frame window too large (at most 100000 frames per request)');
    const a = await this.load(filePath);
    const track = primaryTrack(a);
    const frames: TrackedFrame[] = [];
    for (let f = start; f < end; f++) {
      const entry = a.frames[String(f)];
      if (!entry) continue;
      const face = track === null ? undefined : entry.faces.find((x) => x.track === track);
      frames.push({ frame: f, keypoints: face?.keypoints ?? null, confidence: face?.confidence ?? 0 });
    }
    return { frames, shotCuts: a.cuts };
  }
}
