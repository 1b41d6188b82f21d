// Face detection on one frame tensor: an ensemble of face-api's SSD MobileNet v1 (512 px input; strong on
// medium and large faces) and its Tiny Face Detector at 608 px (finds small faces SSD misses, e.g. a speaker
// at 1/10 of the picture height). Each detector's box is mapped to the square crop the landmark network wants
// (the two detectors frame faces differently), then overlapping crops are merged by non-maximum suppression.
import { tf } from './runtime.ts';
import type { FaceModels, FaceApiDetection } from './face-api-models.ts';
import { squareAround, type SquareCrop } from './crop-box.ts';
import { iou, type Box } from '../../src-shared/analysis/geometry.ts';

export type DetectorName = 'ssd' | 'tiny';

export interface DetectorOptions {
  detectors: readonly DetectorName[];
  minScore: number;
  tinyInputSize: number;
  /** Largest side the detectors see; bigger frames are scaled down first (memory and time stay bounded). */
  maxSide: number;
}

export const DEFAULT_DETECTOR: DetectorOptions = {
  detectors: ['ssd', 'tiny'],
  minScore: 0.5,
  tinyInputSize: 608,
  maxSide: 1280,
};

/** Detector box -> landmark crop, per detector (measured on tests/eval/landmarks.ts data). */
export const CROP_FROM_DETECTOR: Record<DetectorName, { scale: number; shiftY: number }> = {
  ssd: { scale: 1.0, shiftY: 0.1 },
  tiny: { scale: 1.0, shiftY: 0.05 },
};

export interface Detection {
  box: Box;
  score: number;
  detector: DetectorName;
  crop: SquareCrop;
}

/** Non-maximum suppression on the crops: keeps the highest score of every group overlapping >= `threshold`. */
export function mergeDetections(dets: readonly Detection[], threshold = 0.3): Detection[] {
  const sorted = [...dets].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  const cropBox = (d: Detection): Box => [d.crop.x, d.crop.y, d.crop.size, d.crop.size];
  for (const d of sorted) if (!kept.some((k) => iou(cropBox(k), cropBox(d)) >= threshold)) kept.push(d);
  return kept;
}

function toDetection(d: FaceApiDetection, scale: number, detector: DetectorName): Detection {
  const box: Box = [d.box.x * scale, d.box.y * scale, d.box.width * scale, d.box.height * scale];
  const c = CROP_FROM_DETECTOR[detector];
  return { box, score: d.score, detector, crop: squareAround(box, c.scale, c.shiftY) };
}

/** Detects faces in `image` ([1, H, W, 3], 0-255). Boxes are in `image` pixels. */
export async function detectFaces(
  models: FaceModels,
  image: tf.Tensor4D,
  opts: DetectorOptions = DEFAULT_DETECTOR,
): Promise<Detection[]> {
  const [, height = 0, width = 0] = image.shape;
  const factor = Math.min(1, opts.maxSide / Math.max(width, height));
  const small =
    factor < 1
      ? tf.tidy(() =>
          tf.image
            .resizeBilinear(image, [Math.round(height * factor), Math.round(width * factor)], false, true)
            .round(),
        )
      : image;
  try {
    const back = 1 / factor;
    const out: Detection[] = [];
    if (opts.detectors.includes('ssd')) {
      const found = await models.ssd.locateFaces(
        small,
        new models.api.SsdMobilenetv1Options({ minConfidence: opts.minScore, maxResults: 100 }),
      );
      out.push(...found.map((d) => toDetection(d, back, 'ssd')));
    }
    if (opts.detectors.includes('tiny')) {
      const found = await models.tiny.locateFaces(
        small,
        new models.api.TinyFaceDetectorOptions({
          inputSize: opts.tinyInputSize,
          scoreThreshold: opts.minScore,
        }),
      );
      out.push(...found.map((d) => toDetection(d, back, 'tiny')));
    }
    return mergeDetections(out);
  } finally {
    if (small !== image) small.dispose();
  }
}
