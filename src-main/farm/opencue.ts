// An OpenCue outline (a PyOutline script, as CueSubmit builds them) for a farm job: a Shell layer over the
// frame range with the chunk size, whose command gets #FRAME_START#/#FRAME_END# replaced per chunk by
// cuebot, and a concat Shell layer with a layer-on-layer depend on it (`depend_all`: `depend_on` alone is
// frame-by-frame). Submit with `python3 depthswap_outline.py` where opencue-pyoutline is configured for your cuebot.
import path from 'node:path';
import { formatInclusiveRange } from '../../src-shared/frame-range.ts';
import type { FarmJobSpec } from './job-spec.ts';
import { segmentName } from './job-spec.ts';
import { chunkRenderArgv } from './render-argv.ts';
import { chunkExtension } from '../render/intermediate.ts';

// Not outline.py: Python puts the script's folder first on sys.path, and a file named outline.py would shadow
// the PyOutline package it imports.
export const OPENCUE_OUTLINE = 'depthswap_outline.py';

/** A Python string literal (JSON's string escapes are all valid Python escapes). */
function py(value: string): string {
  return JSON.stringify(value);
}

function pyList(values: readonly string[]): string {
  return `[\n${values.map((v) => `    ${py(v)},`).join('\n')}\n]`;
}

/** OpenCue job and layer names: letters, digits, '-', '_' and '.'. */
export function cueName(text: string): string {
  return text.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'depthswap';
}

export function opencueOutline(spec: FarmJobSpec): string {
  const ext = chunkExtension(spec.outputFormat, spec.out);
  const segmentsDir = path.dirname(spec.chunks[0]!.segment);
  const render = chunkRenderArgv(spec.depthswap, {
    project: spec.project,
    clipId: spec.clipId,
    first: '#FRAME_START#',
    last: '#FRAME_END#',
    segment: path.join(segmentsDir, segmentName('#FRAME_START#', '#FRAME_END#', ext)),
    format: spec.outputFormat,
  });
  return [
    '#!/usr/bin/env python3',
    `# OpenCue outline for "${spec.name.replace(/\n/g, ' ')}", written by depthswap farm export.`,
    '# Submit: python3 depthswap_outline.py (opencue-pyoutline installed and configured for your cuebot;',
    '# SHOW and SHOT from the environment, as OpenCue tools use them).',
    'import os',
    '',
    'import outline',
    'import outline.cuerun',
    'from outline.modules.shell import Shell',
    '',
    `RENDER = ${pyList(render)}`,
    '',
    `CONCAT = ${pyList(spec.concat.argv)}`,
    '',
    `os.makedirs(${py(segmentsDir)}, exist_ok=True)`,
    '',
    'job = outline.Outline(',
    `    ${py(cueName(spec.name))},`,
    '    show=os.environ.get("SHOW", "depthswap"),',
    `    shot=os.environ.get("SHOT", ${py(cueName(path.basename(spec.project, path.extname(spec.project))))}),`,
    ')',
    'render = Shell(',
    '    "render",',
    '    type="Render",',
    '    command=RENDER,',
    `    range=${py(formatInclusiveRange(spec.range))},`,
    `    chunk=${spec.chunkSize},`,
    ')',
    'concat = Shell(',
    '    "concat",',
    '    type="Util",',
    '    command=CONCAT,',
    `    range=${py(String(spec.range.start))},`,
    '    chunk=1,',
    ')',
    '# Layer on layer: the concat starts when every chunk of the render layer has succeeded.',
    'concat.depend_all(render)',
    'job.add_layer(render)',
    'job.add_layer(concat)',
    '',
    'if __name__ == "__main__":',
    '    outline.cuerun.launch(job, use_pycuerun=False)',
    '',
  ].join('\n');
}
