// `depthswap depthnet train|eval|predict`: train the DepthNet variants, reproduce the paper's tables, and
// predict depth + 3D affine for keypoint pairs.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError, type Command, type CliIo } from '../command.ts';
import { intOption, oneOf, parseOptions } from '../parse-options.ts';
import { progressPrinter } from '../progress-bar.ts';
import { DEFAULT_SETTINGS, trainDepthNet } from '../../depthnet/train.ts';
import { TRAINED_VARIANTS } from '../../depthnet/variants.ts';
import { DEFAULT_DEPTHNET_DIR, loadDepthNet, type DepthNet } from '../../depthnet/depthnet.ts';
import { evaluateDepthNets, formatReport } from '../../depthnet/evaluate.ts';
import { writeFileAtomic } from '../../util/atomic-write.ts';
import { ADAPT_USAGE, adapt } from './depthnet-adapt.ts';
import { checkWrite } from '../../util/write-guard.ts';
import { parseJsonText } from '../../../src-shared/json-text.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SHIPPED_MODEL_DIR = DEFAULT_DEPTHNET_DIR;

const USAGE = `Usage:
  depthswap depthnet train --out DIR [--variant 3|7|7t] [--seed S] [--steps N] [--batch B] [--fresh] [--data DIR]
  depthswap depthnet eval [--model DIR] [--compare DIR]... [--json] [--targets K] [--data DIR]
  depthswap depthnet predict [--model DIR] --in pairs.json --out pred.json
${ADAPT_USAGE}

train    trains on AFLW2000-3D TRAIN rows (x, y only) with a fixed seed; checkpoints to DIR/checkpoint and
         resumes from it when run again with the same settings (a larger --steps trains on; --fresh
         starts over). Variants: 7 depth only + closed-form affine (paper), 3 depth + affine predicted,
         7t aligned mean-template depth + learned residual (the shipped model).
eval     the paper's Table 1 (keypoint error, normalised and pixels) and Tables 2/3 (DepthCorr by yaw)
         on TEST pairs: 1 (2D affine), 2 (menpo3d template), 2m (TRAIN-mean template), gt (true depth),
         the model, DIR/baselines/* and --compare models (a variant-3 model also yields variant 5).
predict  pairs.json = [{"source": [[x, y] x68], "target": [[x, y] x68]}] in pixels ->
         pred.json = [{"depth": [68], "affine": [[4], [4]]}] (affine maps [x, y, depth, 1] to the target).
--model defaults to the shipped model (${path.relative(process.cwd(), SHIPPED_MODEL_DIR) || '.'}).
--data defaults to $DEPTHSWAP_DATA or ../shared/data next to the repository.`;

function dataDir(io: CliIo, value: string | undefined): string {
  return path.resolve(value ?? io.env['DEPTHSWAP_DATA'] ?? path.join(REPO_ROOT, '..', 'shared', 'data'));
}

async function train(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      out: { type: 'string' },
      variant: { type: 'string' },
      seed: { type: 'string' },
      steps: { type: 'string' },
      batch: { type: 'string' },
      fresh: { type: 'boolean' },
      data: { type: 'string' },
    },
    { min: 0, max: 0 },
  );
  if (!values.out) throw new UsageError('train needs --out DIR');
  const data = dataDir(io, values.data);
  if (path.resolve(values.out) === data) throw new UsageError('--out must not be the training data folder');
  // The model's files in --out: JSON files of a model, never anything else that happens to have the name.
  for (const name of ['depthnet.json', 'model.json']) {
    await checkWrite(path.join(path.resolve(values.out), name), {
      kind: 'json',
      update: true,
      label: '--out',
    }).catch((err: unknown) => {
      // A missing --out folder is created by the training.
      if (err instanceof Error && /output folder does not exist/.test(err.message)) return;
      throw err;
    });
  }
  const settings = {
    ...DEFAULT_SETTINGS,
    variant: oneOf('variant', values.variant, TRAINED_VARIANTS) ?? DEFAULT_SETTINGS.variant,
    seed: intOption('seed', values.seed) ?? DEFAULT_SETTINGS.seed,
    steps: intOption('steps', values.steps, 1) ?? DEFAULT_SETTINGS.steps,
    batch: intOption('batch', values.batch, 2) ?? DEFAULT_SETTINGS.batch,
  };
  const bar = progressPrinter(io);
  try {
    const result = await trainDepthNet({
      outDir: path.resolve(values.out),
      dataDir: data,
      settings,
      fresh: values.fresh ?? false,
      signal: io.signal,
      onProgress: bar.update,
      log: bar.log,
    });
    bar.end();
    io.stdout.write(
      `trained variant ${settings.variant} for ${result.steps} steps (from ${result.resumedFrom}); ` +
        `validation loss ${result.finalValLoss.toFixed(5)}; model in ${values.out}\n`,
    );
    return 0;
  } finally {
    bar.end();
  }
}

async function baselineDirs(model: string): Promise<string[]> {
  const dir = path.join(model, 'baselines');
  try {
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    return names.sort().map((n) => path.join(dir, n));
  } catch {
    return [];
  }
}

async function evaluate(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      model: { type: 'string' },
      compare: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      targets: { type: 'string' },
      data: { type: 'string' },
    },
    { min: 0, max: 0 },
  );
  const model = path.resolve(values.model ?? SHIPPED_MODEL_DIR);
  const dirs = [model, ...(await baselineDirs(model)), ...(values.compare ?? []).map((d) => path.resolve(d))];
  const nets: DepthNet[] = [];
  try {
    for (const d of dirs) nets.push(await loadDepthNet(d));
    const report = await evaluateDepthNets({
      dataDir: dataDir(io, values.data),
      nets,
      targetsPerSource: intOption('targets', values.targets, 1) ?? 4,
    });
    io.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
    return 0;
  } finally {
    for (const n of nets) n.dispose();
  }
}

async function predict(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    args,
    { model: { type: 'string' }, in: { type: 'string' }, out: { type: 'string' } },
    { min: 0, max: 0 },
  );
  if (!values.in || !values.out) throw new UsageError('predict needs --in pairs.json and --out pred.json');
  // Never the input, never a file that is not JSON (util/write-guard.ts); a JSON file is replaced.
  await checkWrite(values.out, {
    kind: 'json',
    inputs: { '--in file': values.in },
    update: true,
    label: '--out',
  });
  const pairs = parseJsonText(await readFile(values.in, 'utf8'), values.in);
  const net = await loadDepthNet(path.resolve(values.model ?? SHIPPED_MODEL_DIR));
  try {
    const preds = net.predict(pairs as Parameters<DepthNet['predict']>[0]);
    await writeFileAtomic(path.resolve(values.out), JSON.stringify(preds) + '\n');
    io.stderr.write(`predicted ${preds.length} pair(s) -> ${values.out}\n`);
    return 0;
  } finally {
    net.dispose();
  }
}

export const depthnetCommand: Command = {
  name: 'depthnet',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'train':
        return train(rest, io);
      case 'eval':
        return evaluate(rest, io);
      case 'predict':
        return predict(rest, io);
      case 'adapt':
        return adapt(rest, io, (v) => dataDir(io, v));
      default:
        throw new UsageError(
          sub ? `unknown subcommand '${sub}'` : 'expected a subcommand: train, eval, predict or adapt',
        );
    }
  },
};
