// Real data: a few hundred training steps on AFLW2000-3D TRAIN rows, checkpoint resume, save/load round
// trip, and predict's input checks (API and CLI).
import { describe, expect, it } from 'vitest';
import { mkdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { DATA_DIR, hasData, testOutputDir } from '../../support/shared-data.ts';
import { DEFAULT_SETTINGS, trainDepthNet } from '../../../src-main/depthnet/train.ts';
import { loadDepthNet, type KeypointPair } from '../../../src-main/depthnet/depthnet.ts';
import { loadLayersModel, saveLayersModel } from '../../../src-main/depthnet/model-io.ts';
import { loadAflw2000 } from '../../../src-main/data/aflw2000.ts';
import { applyAffine } from '../../../src-shared/depthnet/closed-form.ts';
import { main } from '../../../src-main/cli/main.ts';
import type { CliIo } from '../../../src-main/cli/command.ts';

const AFLW = 'landmarks3d/3ddfa_aflw2000/AFLW2000-3D.pts68.npy';
const TEMPLATE = 'mesh3d/menpo3d/template.ljson';

function cliIo(): { io: CliIo; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d: Buffer) => (o += d.toString()));
  stderr.on('data', (d: Buffer) => (e += d.toString()));
  const io: CliIo = {
    stdout,
    stderr,
    interactive: false,
    signal: new AbortController().signal,
    env: process.env,
  };
  return { io, out: () => o, err: () => e };
}

async function testPairs(n: number): Promise<KeypointPair[]> {
  const faces = (await loadAflw2000(DATA_DIR)).filter((f) => f.row % 5 === 0);
  const pts = (xy: Float64Array) =>
    Array.from({ length: 68 }, (_, i) => [xy[2 * i]!, xy[2 * i + 1]!] as [number, number]);
  return Array.from({ length: n }, (_, i) => ({ source: pts(faces[i]!.xy), target: pts(faces[i + 1]!.xy) }));
}

describe.skipIf(!hasData(AFLW, TEMPLATE))('DepthNet training and prediction on AFLW2000-3D', () => {
  const out = testOutputDir('depthnet-train');

  it('a few hundred steps lower the loss, checkpoints resume, save/load predicts identically', async () => {
    await rm(out, { recursive: true, force: true });
    await mkdir(out, { recursive: true });
    const settings = { ...DEFAULT_SETTINGS, variant: '7' as const, steps: 100, seed: 3 };
    const first = await trainDepthNet({ outDir: out, dataDir: DATA_DIR, settings, checkpointEvery: 50 });
    expect(first.resumedFrom).toBe(0);
    // running again with a larger step budget resumes from the checkpoint
    const second = await trainDepthNet({
      outDir: out,
      dataDir: DATA_DIR,
      settings: { ...settings, steps: 200 },
      checkpointEvery: 50,
    });
    expect(second.resumedFrom).toBe(100);
    expect(second.steps).toBe(200);
    const h = second.history;
    expect(h.map((e) => e.step)).toEqual([50, 100, 150, 200]);
    expect(h.at(-1)!.loss).toBeLessThan(h[0]!.loss);
    expect(h.at(-1)!.valLoss!).toBeLessThan(h[0]!.valLoss!);

    const pairs = await testPairs(5);
    const a = await loadDepthNet(out);
    const predA = a.predict(pairs);
    // round trip through saveLayersModel into a second folder
    const copy = path.join(out, 'copy');
    const model = await loadLayersModel(out);
    await saveLayersModel(model, copy);
    model.dispose();
    await copyFile(path.join(out, 'depthnet.json'), path.join(copy, 'depthnet.json'));
    const b = await loadDepthNet(copy);
    expect(b.predict(pairs)).toEqual(predA);
    // the affine maps [x, y, depth, 1] of the source close to the target (pixels)
    const p = predA[0]!;
    expect(p.depth).toHaveLength(68);
    const m = [...p.affine[0]!.slice(0, 3), ...p.affine[1]!.slice(0, 3), p.affine[0]![3]!, p.affine[1]![3]!];
    const mapped = applyAffine(m, pairs[0]!.source.flat(), p.depth);
    const tgt = pairs[0]!.target.flat();
    let se = 0;
    for (let i = 0; i < 136; i++) se += (mapped[i]! - tgt[i]!) ** 2;
    expect(Math.sqrt(se / 68)).toBeLessThan(20);
    a.dispose();
    b.dispose();
  });

  it('predict rejects malformed input with a clear error (API and CLI)', async () => {
    const net = await loadDepthNet(out);
    const [good] = await testPairs(1);
    expect(() => net.predict([{ source: good!.source.slice(1), target: good!.target }])).toThrow(
      /68 source points/,
    );
    const nan = good!.source.map((p) => [...p] as [number, number]);
    nan[3]![0] = NaN;
    expect(() => net.predict([{ source: nan, target: good!.target }])).toThrow(
      /invalid keypoint pairs at 0\.source\.3/,
    );
    net.dispose();

    const bad = path.join(out, 'bad.json');
    await writeFile(bad, '[{"source": [[1, 2]], ');
    const r1 = cliIo();
    expect(
      await main(
        ['depthnet', 'predict', '--model', out, '--in', bad, '--out', path.join(out, 'x.json')],
        r1.io,
      ),
    ).toBe(1);
    expect(r1.err()).toMatch(/is not valid JSON/);
    await writeFile(bad, JSON.stringify([{ source: good!.source, target: good!.target.slice(0, 60) }]));
    const r2 = cliIo();
    expect(
      await main(
        ['depthnet', 'predict', '--model', out, '--in', bad, '--out', path.join(out, 'x.json')],
        r2.io,
      ),
    ).toBe(1);
    expect(r2.err()).toMatch(/68 target points/);

    const okIn = path.join(out, 'pairs.json');
    const okOut = path.join(out, 'pred.json');
    await writeFile(okIn, JSON.stringify(await testPairs(2)));
    const r3 = cliIo();
    expect(await main(['depthnet', 'predict', '--model', out, '--in', okIn, '--out', okOut], r3.io)).toBe(0);
    const pred = JSON.parse(await readFile(okOut, 'utf8')) as { depth: number[]; affine: number[][] }[];
    expect(pred).toHaveLength(2);
    expect(pred[0]!.depth).toHaveLength(68);
    expect(pred[0]!.affine.map((r) => r.length)).toEqual([4, 4]);
    const r4 = cliIo();
    expect(await main(['depthnet', 'predict', '--in', okIn], r4.io)).toBe(2);
  });

  it('eval prints the Table 1 / DepthCorr analogue as JSON', async () => {
    const r = cliIo();
    expect(await main(['depthnet', 'eval', '--model', out, '--json', '--targets', '1'], r.io)).toBe(0);
    const report = JSON.parse(r.out()) as {
      pairs: number;
      rows: { variant: string; mseNorm: number; msePx: number; depthCorr: Record<string, number> | null }[];
    };
    expect(report.pairs).toBe(400);
    const row = (v: string) => report.rows.find((x) => x.variant === v)!;
    expect(report.rows.map((x) => x.variant)).toEqual(['1', '2', '2m', '7', 'gt']);
    expect(row('2').mseNorm).toBeLessThan(row('1').mseNorm);
    expect(row('1').depthCorr).toBeNull();
    expect(row('gt').depthCorr!['all']).toBeCloseTo(68, 6);
    expect(row('7').msePx).toBeGreaterThan(row('7').mseNorm);
  });

  it('cancelling training saves a checkpoint that the next run resumes from', async () => {
    const dir = testOutputDir('depthnet-cancel');
    await rm(dir, { recursive: true, force: true });
    const controller = new AbortController();
    const settings = { ...DEFAULT_SETTINGS, variant: '7t' as const, steps: 40, seed: 5 };
    await expect(
      trainDepthNet({
        outDir: dir,
        dataDir: DATA_DIR,
        settings,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done === 20) controller.abort();
        },
      }),
    ).rejects.toThrow(/cancelled/);
    const resumed = await trainDepthNet({ outDir: dir, dataDir: DATA_DIR, settings });
    expect(resumed.resumedFrom).toBe(20);
    expect(resumed.steps).toBe(40);
  });

  it('training is reproducible with a fixed seed', async () => {
    const settings = { ...DEFAULT_SETTINGS, variant: '7' as const, steps: 30, seed: 11 };
    const dirs = [testOutputDir('depthnet-seed-a'), testOutputDir('depthnet-seed-b')];
    for (const dir of dirs) {
      await rm(dir, { recursive: true, force: true });
      await trainDepthNet({ outDir: dir, dataDir: DATA_DIR, settings });
    }
    const [a, b] = await Promise.all(dirs.map((d) => readFile(path.join(d, 'weights.bin'))));
    expect(a!.equals(b!)).toBe(true);
  });
});
