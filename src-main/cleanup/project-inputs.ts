// The cleanup's inputs from a studio project: the active clip and source face, the clip's swap
// settings (project version 4: per clip), and the clip's stored analysis with the project's keypoint edits (as a project render uses).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAnalysis } from '../../src-shared/analysis/schema.ts';
import { maskOptions, type Project } from '../../src-shared/project/schema.ts';
import { readProjectFile } from '../project/project-file.ts';
import { applyEdits, coversRange } from '../render/edited-analysis.ts';
import { withPrimaryChain } from '../render/primary-face.ts';
import type { CropInputs } from './training-crops.ts';

export async function cropInputsFromProject(
  file: string,
  base: Pick<CropInputs, 'modelDir' | 'stateDir'>,
): Promise<CropInputs & { cleanupModel: string | null }> {
  const { project } = await readProjectFile(file);
  return cropInputsOf(project, null, path.dirname(path.resolve(file)), base, file);
}

/** The inputs for `clipId` (default: the active clip) of a project whose relative paths start at `dir`. */
export async function cropInputsOf(
  project: Project,
  clipId: string | null,
  dir: string,
  base: Pick<CropInputs, 'modelDir' | 'stateDir'>,
  name = 'the project',
): Promise<CropInputs & { cleanupModel: string | null }> {
  const clip =
    project.clips.find((c) => c.id === (clipId ?? project.activeClipId)) ??
    (clipId ? undefined : project.clips[0]);
  const source = project.sources.find((s) => s.id === project.activeSourceId) ?? project.sources[0];
  const file = name;
  if (!clip) throw new Error(`${file}: the project has no clip${clipId ? ` '${clipId}'` : ''}`);
  if (!source) throw new Error(`${file}: the project has no source face`);
  const abs = (p: string) => path.resolve(dir, p);
  const inputs: CropInputs & { cleanupModel: string | null } = {
    source: abs(source.path),
    sourceFrame: source.frame,
    target: abs(clip.path),
    swap: {
      colorTransfer: clip.swap.colorTransfer,
      colorMode: clip.swap.colorMode,
      poisson: clip.swap.poisson,
      mask: maskOptions(clip.swap),
    },
    mirror: clip.swap.mirror,
    expression: clip.swap.expression,
    cleanupModel: clip.swap.cleanupModel,
    ...base,
  };
  if (clip.analysis) {
    const analysisPath = abs(clip.analysis);
    const stored = parseAnalysis(await readFile(analysisPath, 'utf8'), analysisPath);
    const { analysis: chained, track } = withPrimaryChain(stored);
    if (track !== null && coversRange(stored, 0, clip.media?.frameCount ?? 0)) {
      const keyframes = project.tracks.find((t) => t.clipId === clip.id && t.face === track)?.keyframes ?? [];
      inputs.targetAnalysis = applyEdits(chained, track, keyframes, clip.interpolation);
      inputs.track = track;
    } else {
      inputs.analysisFile = analysisPath;
    }
  }
  return inputs;
}
