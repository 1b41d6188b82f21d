// `depthswap cleanup train`: trains the CycleGAN cleanup on a project's (or a source and target's) own
// footage: crops made once by the swap engine's render path and cached in DIR/crops, then a seeded,
// resumable training run with checkpoints, sample sheets and the loss history in DIR.
import path from 'node:path';
import { UsageError, type Command, type CliIo } from '../command.ts';
import { intOption, oneOf, parseOptions } from '../parse-options.ts';
import { progressPrinter } from '../progress-bar.ts';
import { MIRROR_MODES } from '../../../src-shared/geometry/mirror.ts';
import { DEFAULT_DEPTHNET_DIR } from '../../depthnet/depthnet.ts';
import { defaultStateDir } from '../../util/state-dir.ts';
import { CleanupConfigSchema } from '../../cleanup/config.ts';
import type { CropInputs } from '../../cleanup/training-crops.ts';
import { DEFAULT_COLOR_MODE } from '../../swap/swap-frame.ts';

const USAGE = `Usage:
  depthswap cleanup train (--project P.dsproj | --source S [--source-frame N] --target T) --out DIR
                          [--steps N] [--size 128] [--blocks 3] [--ngf 12] [--seed S] [--fresh]
                          [--checkpoint-every K] [--max-crops N] [--model DIR] [--state-dir DIR]
                          [--recognition-weight W]

train   A -> B: swapped faces of the target (made by the swap engine with the project's settings, or the
        defaults of depthswap swap) to the target's real faces. Crops are made once and cached in
        DIR/crops; a checkpoint every K steps (default 100) and on Ctrl-C; run the same command again to
        resume (the step count continues), with a larger --steps to train on, --fresh to start over.
        Every K steps: DIR/samples/latest.png (rows A, G(A), real B), DIR/history.json (losses), and the
        model folder (DIR/generator, DIR/cleanup.json, DIR/MODEL_CARD.md) that depthswap swap --cleanup
        DIR uses. Defaults: 2000 steps, 128 px, 3 residual blocks, ngf 12 (ndf 16), seed 1.
        --recognition-weight W adds face-api's recognition distance of G(A) to A to the generator's
        loss (default 0: off; ~0.4 s more per step).`;

function recognitionWeight(text: string): number {
  const w = Number(text);
  if (text.trim() === '' || !Number.isFinite(w) || w < 0)
    throw new UsageError(`--recognition-weight must be a number >= 0 (got ${text})`);
  return w;
}

async function train(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      project: { type: 'string' },
      source: { type: 'string' },
      'source-frame': { type: 'string' },
      target: { type: 'string' },
      out: { type: 'string' },
      steps: { type: 'string' },
      size: { type: 'string' },
      blocks: { type: 'string' },
      ngf: { type: 'string' },
      'recognition-weight': { type: 'string' },
      seed: { type: 'string' },
      fresh: { type: 'boolean' },
      'checkpoint-every': { type: 'string' },
      'max-crops': { type: 'string' },
      mirror: { type: 'string' },
      model: { type: 'string' },
      'state-dir': { type: 'string' },
    },
    { min: 0, max: 0 },
  );
  if (!values.out) throw new UsageError('train needs --out DIR');
  if (values.project && (values.source || values.target))
    throw new UsageError('give --project or --source and --target, not both');
  if (!values.project && !(values.source && values.target))
    throw new UsageError('train needs --project P.dsproj, or --source and --target');
  const parsed = CleanupConfigSchema.safeParse({
    ...(values.size !== undefined ? { size: intOption('size', values.size, 16) } : {}),
    ...(values.blocks !== undefined ? { blocks: intOption('blocks', values.blocks, 0) } : {}),
    ...(values.ngf !== undefined ? { ngf: intOption('ngf', values.ngf, 1) } : {}),
    ...(values['recognition-weight'] !== undefined
      ? { recognitionWeight: recognitionWeight(values['recognition-weight']) }
      : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${String(issue?.path[0] ?? 'size')}: ${issue?.message ?? 'invalid'}`);
  }
  const config = parsed.data;
  const steps = intOption('steps', values.steps, 1) ?? 2000;
  const seed = intOption('seed', values.seed, 0) ?? 1;
  const every = intOption('checkpoint-every', values['checkpoint-every'], 1) ?? 100;
  const maxCrops = intOption('max-crops', values['max-crops'], 1) ?? 400;
  const mirror = oneOf('mirror', values.mirror, MIRROR_MODES) ?? 'auto';
  const sourceFrame = intOption('source-frame', values['source-frame'], 0);
  const outDir = path.resolve(values.out);
  const base = {
    modelDir: path.resolve(values.model ?? DEFAULT_DEPTHNET_DIR),
    stateDir: path.resolve(values['state-dir'] ?? defaultStateDir(io.env)),
  };
  let inputs: CropInputs;
  if (values.project) {
    const { cropInputsFromProject } = await import('../../cleanup/project-inputs.ts');
    inputs = await cropInputsFromProject(path.resolve(values.project), base);
  } else {
    inputs = {
      source: path.resolve(values.source!),
      target: path.resolve(values.target!),
      ...(sourceFrame !== undefined ? { sourceFrame } : {}),
      swap: { colorTransfer: true, colorMode: DEFAULT_COLOR_MODE, poisson: false },
      mirror,
      ...base,
    };
  }
  const { buildTrainingCrops } = await import('../../cleanup/training-crops.ts');
  const { trainCleanup } = await import('../../cleanup/train.ts');
  const bar = progressPrinter(io);
  const log = (line: string) => {
    bar.end();
    io.stderr.write(line + '\n');
  };
  try {
    const crops = await buildTrainingCrops(inputs, {
      size: config.size,
      cacheDir: path.join(outDir, 'crops'),
      maxCrops,
      signal: io.signal,
      onProgress: bar.update,
      log,
    });
    bar.end();
    const result = await trainCleanup({
      outDir,
      a: crops.a,
      b: crops.b,
      config,
      steps,
      seed,
      checkpointEvery: every,
      fresh: values.fresh ?? false,
      signal: io.signal,
      onProgress: bar.update,
      log,
      clip: crops.clip,
      source: inputs.source,
      data: `aligned crops of ${path.basename(inputs.target)}: A swapped by the swap engine, B the real frames (every 10th frame held out)`,
    });
    bar.end();
    io.stdout.write(
      `trained the cleanup for ${result.steps} steps (from ${result.resumedFrom}) on ${result.backend.choice}; model in ${outDir}\n`,
    );
    return 0;
  } finally {
    bar.end();
  }
}

export const cleanupCommand: Command = {
  name: 'cleanup',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'train') return train(rest, io);
    throw new UsageError(sub ? `unknown cleanup command: ${sub}` : 'cleanup needs a command: train');
  },
};
