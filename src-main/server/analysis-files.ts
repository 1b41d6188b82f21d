// Analysis files as the studio uses them: where a clip's analysis is written, and the primary face's
// keypoints and confidence for a frame window (parsed files cached by path and mtime).
import { readFile, stat } from 'node:fs/promises';
import { parseAnalysis, type AnalysisFile, type FaceEntry } from '../../src-shared/analysis/schema.ts';
import { primaryFaces } from '../render/primary-face.ts';
import type { TrackedFrame } from '../../src-shared/api/schemas.ts';

export { analysisPathFor } from '../util/state-dir.ts';

export { primaryTrack } from '../render/primary-face.ts';

export class AnalysisFiles {
  private readonly cache = new Map<
    string,
    { mtimeMs: number; file: AnalysisFile; primary: Map<number, FaceEntry> }
  >();

  async load(filePath: string): Promise<{ file: AnalysisFile; primary: Map<number, FaceEntry> }> {
    const { mtimeMs } = await stat(filePath);
    const hit = this.cache.get(filePath);
    if (hit && hit.mtimeMs === mtimeMs) return hit;
    const file = parseAnalysis(await readFile(filePath, 'utf8'), filePath);
    const entry = { mtimeMs, file, primary: primaryFaces(file) };
    this.cache.set(filePath, entry);
    return entry;
  }

  async frames(
    filePath: string,
    start: number,
    end: number,
  ): Promise<{ frames: TrackedFrame[]; shotCuts: number[] }> {
    if (end < start) throw new Error(`frame window ${start}-${end} ends before it starts`);
    if (end - start > 100_000) throw new Error('frame window too large (at most 100000 frames per request)');
    const { file, primary } = await this.load(filePath);
    const frames: TrackedFrame[] = [];
    for (let f = start; f < end; f++) {
      if (!file.frames[String(f)]) continue;
      const face = primary.get(f);
      frames.push({ frame: f, keypoints: face?.keypoints ?? null, confidence: face?.confidence ?? 0 });
    }
    return { frames, shotCuts: file.cuts };
  }
}
