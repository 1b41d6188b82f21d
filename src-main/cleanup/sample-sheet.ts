// The sample sheet a user judges training by: columns of fixed crops, rows A (swapped), G(A) (cleaned)
// and a real B for comparison, as one RGB picture (PNG through ffmpeg, written atomically).
import { tf } from '../ml/runtime.ts';
import type { CropSet } from './crop-set.ts';
import type { CycleGan } from './cyclegan.ts';
import { cropTensors } from './sampler.ts';

export interface SheetPicture {
  width: number;
  height: number;
  channels: 3;
  data: Uint8Array;
}

/** Indices of `n` crops spread evenly over a set. */
export function sheetIndices(count: number, n: number): number[] {
  const k = Math.min(n, count);
  return Array.from({ length: k }, (_, i) => Math.floor(((i + 0.5) * count) / k));
}

export function sampleSheet(gan: CycleGan, a: CropSet, b: CropSet, columns = 4): SheetPicture {
  const s = a.size;
  const ia = sheetIndices(a.count, columns);
  const ib = sheetIndices(b.count, columns);
  const cols = ia.length;
  const width = cols * s;
  const height = 3 * s;
  const data = new Uint8Array(width * height * 3);
  const put = (row: number, col: number, rgb: Float32Array | Int32Array | Uint8Array) => {
    for (let y = 0; y < s; y++) {
      for (let x = 0; x < s; x++) {
        for (let c = 0; c < 3; c++) {
          const v = rgb[(y * s + x) * 3 + c]!;
          data[((row * s + y) * width + col * s + x) * 3 + c] = Math.max(
            0,
            Math.min(255, Math.round((v + 1) * 127.5)),
          );
        }
      }
    }
  };
  ia.forEach((index, col) => {
    const { rgb, matte } = cropTensors(a, index);
    const cleaned = gan.clean(rgb, matte);
    put(0, col, rgb.dataSync());
    put(1, col, cleaned.dataSync());
    tf.dispose([rgb, matte, cleaned]);
  });
  ib.forEach((index, col) => {
    const { rgb, matte } = cropTensors(b, index);
    put(2, col, rgb.dataSync());
    tf.dispose([rgb, matte]);
  });
  return { width, height, channels: 3, data };
}
