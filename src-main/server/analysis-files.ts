// Analysis files as the studio uses them: where a clip's analysis is written, and the primary face's
// keypoints and confidence for a frame window (parsed files cached by path and mtime).
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { parseAnalysis, type AnalysisFile, type FaceEntry } from '../../src-shared/analysis/schema.ts';
import { primaryFaces } from '../render/primary-face.ts';
import type { TrackedFrame } from '../../src-shared/api/schemas.ts';

export { analysisPathFor } from '../util/state-dir.ts';

export { primaryTrack } from '../render/primary-face.ts';

export class AnalysisFiles {
  private readonly cache = new Map<
    string,
    { mtimeMs: number; size: number; version: string; file: AnalysisFile; primary: Map<number, FaceEntry> }
  >();

  /** The parsed file, its primary face per frame and its content's version (a hash of the file). */
  async load(
    filePath: string,
  ): Promise<{ file: AnalysisFile; primary: Map<number, FaceEntry>; version: string }> {
    const { mtimeMs, size } = await stat(filePath);
    const hit = this.cache.get(filePath);
    if (hit && hit.mtimeMs === mtimeMs && hit.size === size) return hit;
    const text = await readFile(filePath, 'utf8');
    const file = parseAnalysis(text, filePath);
    const version = createHash('sha1').update(text).digest('hex').slice(0, 16);
    const entry = { mtimeMs, size, version, file, primary: primaryFaces(file) };
    this.cache.set(filePath, entry);
    return entry;
  }

  async frames(
    filePath: string,
    start: number,
    end: number,
  ): Promise<{ frames: TrackedFrame[]; shotCuts: number[]; version: string }> {
    if (end < start) throw new Error(`frame window ${start}-${end} ends before it starts`);
    if (end - start > 100_000) throw new Error('frame window too large (at most 100000 frames per request)');
    const { file, primary, version } = await this.load(filePath);
    const frames: TrackedFrame[] = [];
    for (let f = start; f < end; f++) {
      if (!file.frames[String(f)]) continue;
      const face = primary.get(f);
      frames.push({ frame: f, keypoints: face?.keypoints ?? null, confidence: face?.confidence ?? 0 });
    }
    return { frames, shotCuts: file.cuts, version };
  }
}
