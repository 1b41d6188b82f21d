// The source's own mouth interior, painted over with its lips. With expression transfer the output's lips
// follow the actor's, and the actor's own teeth and tongue show between them (mouth-interior.ts). What the
// source photo shows between ITS lips must then never appear: but face-api puts the inner-lip points of a
// smiling photo tight on the teeth, and near the corners the teeth lie outside the inner-lip polygon, in the
// lip triangles, so they were warped onto the actor's closed lips ("teeth floating on closed lips"). Here the
// pixels between the inner and the outer lip line that are not lip by colour against the source's own lip
// colour (teeth: brighter and less red than the lips, or in shade far less red; the dark cavity) are filled
// from the surrounding lip pixels (inward from the edge, then softened), and the opening inside the inner
// lip line is painted as a shadowed mouth (below), once per source picture.
import { innerLipGap } from '../../src-shared/geometry/expression.ts';
import { distanceToPolygonEdge, insidePolygon } from '../../src-shared/geometry/polygon.ts';
import { labOf } from './lab.ts';
import type { Image } from './image.ts';

const OUTER_LIPS = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59];
const INNER_LIPS = [60, 61, 62, 63, 64, 65, 66, 67];
/**
 * Below this inner-lip gap (/ outer-eye distance) the source's lips are closed: nothing shows between them,
 * and what the colour rules would find there is beard or lip shading, left as it is.
 */
const CLOSED_LIPS = 0.04;
/** Teeth: at least this much lighter (L*) than the lips' median, and this much less red (a*). */
const TEETH_LIGHTER = 8;
const TEETH_LESS_RED = 5;
/** Shaded teeth and the tongue's grey: far less red (a*) than the lips, at any lightness. */
const GREY_LESS_RED = 11;
/** The cavity: darker than this fraction of the lips' median L*. */
const CAVITY_DARKER = 0.55;
/** The opening inside the inner lip line: the lip fill darkened to this fraction (a shadowed mouth). */
const OPENING_SHADE = 0.35;
/**
 * The shade deepens over this fraction of the mouth's height inward from the inner lip line (at least 2
 * px): a hard-edged shadow showed as a saw-tooth line on the output's lips, where expression transfer
 * squeezes the source's opening into a thin parting.
 */
const OPENING_SOFT = 0.05;
/** Pixels around a found one are cleared too (the soft edge of a tooth), in px per 100 px of mouth width. */
const GROW_PER_100PX = 3;

function polygon(kp: ArrayLike<number>, idx: readonly number[]): number[] {
  return idx.flatMap((i) => [kp[2 * i]!, kp[2 * i + 1]!]);
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = values.slice().sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

export interface ClearedMouth {
  image: Image;
  /** Pixels painted over (0 when the source's mouth shows nothing but lips). */
  cleared: number;
}

/**
 * A copy of `img` whose mouth interior (inside the outer lip line, 48-59) is painted with lip colour where it
 * is not lip. `keypoints`: the face's 68 keypoints in `img`. The input is never changed; when nothing needs
 * clearing the same image is returned.
 */
export function clearSourceMouth(img: Image, keypoints: ArrayLike<number>): ClearedMouth {
  if (innerLipGap(keypoints) < CLOSED_LIPS) return { image: img, cleared: 0 };
  const { width: w, height: h, channels: ch, data } = img;
  const outer = polygon(keypoints, OUTER_LIPS);
  const inner = polygon(keypoints, INNER_LIPS);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < outer.length; i += 2) {
    minX = Math.min(minX, outer[i]!);
    maxX = Math.max(maxX, outer[i]!);
    minY = Math.min(minY, outer[i + 1]!);
    maxY = Math.max(maxY, outer[i + 1]!);
  }
  const x0 = Math.max(0, Math.floor(minX) - 1);
  const y0 = Math.max(0, Math.floor(minY) - 1);
  const x1 = Math.min(w - 1, Math.ceil(maxX) + 1);
  const y1 = Math.min(h - 1, Math.ceil(maxY) + 1);
  if (!(x1 > x0 + 2 && y1 > y0 + 2)) return { image: img, cleared: 0 };
  const rw = x1 - x0 + 1;
  const rh = y1 - y0 + 1;
  const lab = new Float64Array(3 * rw * rh);
  const inMouth = new Uint8Array(rw * rh);
  const inInner = new Uint8Array(rw * rh);
  const px = new Float64Array(3);
  const lipL: number[] = [];
  const lipA: number[] = [];
  for (let y = 0; y < rh; y++) {
    for (let x = 0; x < rw; x++) {
      const k = y * rw + x;
      const fx = x + x0 + 0.5;
      const fy = y + y0 + 0.5;
      if (!insidePolygon(outer, fx, fy)) continue;
      inMouth[k] = 1;
      const p = ((y + y0) * w + (x + x0)) * ch;
      labOf(data[p]!, data[p + 1]!, data[p + 2]!, px);
      lab.set(px, 3 * k);
      if (insidePolygon(inner, fx, fy)) inInner[k] = 1;
      else {
        lipL.push(px[0]!);
        lipA.push(px[1]!);
      }
    }
  }
  // The lips' colour: the redder half of the lip band (teeth in the band near the corners are the less red).
  const aMid = median(lipA);
  const redL: number[] = [];
  const redA: number[] = [];
  lipA.forEach((a, i) => {
    if (a >= aMid) {
      redL.push(lipL[i]!);
      redA.push(a);
    }
  });
  const refL = median(redL);
  const refA = median(redA);
  if (!Number.isFinite(refL) || !Number.isFinite(refA)) return { image: img, cleared: 0 };
  let mask = new Uint8Array(rw * rh);
  // Per opening pixel: how deep its shade is (0 at the inner lip line, 1 from OPENING_SOFT inward).
  const opening = new Float32Array(rw * rh);
  const soft = Math.max(2, OPENING_SOFT * (maxY - minY));
  let found = 0;
  for (let k = 0; k < rw * rh; k++) {
    if (!inMouth[k]) continue;
    // Inside the inner lip line is the opening: the target's own interior covers it except for a feathered
    // rim, which on nearly closed lips is most of it. It is painted as a shadowed mouth (the lip fill,
    // darkened): the source's teeth there showed on the actor's nearly closed lips, and a lip-coloured
    // opening read as closed lips where the actor's were parted.
    if (inInner[k]) {
      mask[k] = 1;
      const fx = (k % rw) + x0 + 0.5;
      const fy = Math.floor(k / rw) + y0 + 0.5;
      opening[k] = Math.min(1, distanceToPolygonEdge(inner, fx, fy) / soft);
      found++;
      continue;
    }
    const L = lab[3 * k]!;
    const a = lab[3 * k + 1]!;
    const teeth = L > refL + TEETH_LIGHTER && a < refA - TEETH_LESS_RED;
    const grey = a < refA - GREY_LESS_RED;
    const cavity = L < CAVITY_DARKER * refL;
    if (teeth || grey || cavity) {
      mask[k] = 1;
      found++;
    }
  }
  if (found === 0) return { image: img, cleared: 0 };
  // Grow the found pixels (a tooth's soft edge), within the mouth.
  const grow = Math.max(1, Math.round((GROW_PER_100PX * (maxX - minX)) / 100));
  for (let g = 0; g < grow; g++) {
    const next = mask.slice();
    for (let y = 0; y < rh; y++) {
      for (let x = 0; x < rw; x++) {
        const k = y * rw + x;
        if (mask[k] || !inMouth[k]) continue;
        if (
          (x > 0 && mask[k - 1]) ||
          (x < rw - 1 && mask[k + 1]) ||
          (y > 0 && mask[k - rw]) ||
          (y < rh - 1 && mask[k + rw])
        )
          next[k] = 1;
      }
    }
    mask = next;
  }
  // Fill from the edge inward (each unknown pixel takes the mean of its known 8-neighbours, ring by ring);
  // pixels outside the mouth are known (the skin beyond the lip line), so a mouth cleared to its edge still
  // has a colour to take.
  const out = new Uint8Array(data);
  const known = new Uint8Array(rw * rh);
  let unknown = 0;
  for (let k = 0; k < rw * rh; k++) {
    if (mask[k]) unknown++;
    else known[k] = 1;
  }
  const col = new Float64Array(3 * rw * rh);
  for (let y = 0; y < rh; y++) {
    for (let x = 0; x < rw; x++) {
      const p = ((y + y0) * w + (x + x0)) * ch;
      const k = y * rw + x;
      col[3 * k] = data[p]!;
      col[3 * k + 1] = data[p + 1]!;
      col[3 * k + 2] = data[p + 2]!;
    }
  }
  while (unknown > 0) {
    const ring: number[] = [];
    for (let y = 0; y < rh; y++) {
      for (let x = 0; x < rw; x++) {
        const k = y * rw + x;
        if (known[k]) continue;
        let n = 0;
        let r = 0;
        let gg = 0;
        let b = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const xx = x + dx;
            const yy = y + dy;
            if (xx < 0 || yy < 0 || xx >= rw || yy >= rh) continue;
            const q = yy * rw + xx;
            if (!known[q]) continue;
            n++;
            r += col[3 * q]!;
            gg += col[3 * q + 1]!;
            b += col[3 * q + 2]!;
          }
        }
        if (n > 0) ring.push(k, r / n, gg / n, b / n);
      }
    }
    if (ring.length === 0) break; // cannot happen: the rectangle's border is outside the mouth, hence known
    for (let i = 0; i < ring.length; i += 4) {
      const k = ring[i]!;
      col[3 * k] = ring[i + 1]!;
      col[3 * k + 1] = ring[i + 2]!;
      col[3 * k + 2] = ring[i + 3]!;
      known[k] = 1;
      unknown--;
    }
  }
  // Soften the fill (three box blurs of radius ~ a sixth of the mouth's height, the filled pixels taking
  // the blurred values), so the fill has no streaks or rings from the ring-by-ring order.
  const radius = Math.max(1, Math.round((maxY - minY) / 6));
  const tmp = new Float64Array(Math.max(rw, rh) * 3);
  const boxPass = (len: number, stride: number, count: number, step: number) => {
    for (let line = 0; line < count; line++) {
      const base = line * step;
      const acc = [0, 0, 0];
      const at = (i: number) => 3 * (base + Math.min(len - 1, Math.max(0, i)) * stride);
      for (let i = -radius; i <= radius; i++) for (let c = 0; c < 3; c++) acc[c] = acc[c]! + col[at(i) + c]!;
      for (let i = 0; i < len; i++) {
        for (let c = 0; c < 3; c++) {
          tmp[3 * i + c] = acc[c]! / (2 * radius + 1);
          acc[c] = acc[c]! + col[at(i + radius + 1) + c]! - col[at(i - radius) + c]!;
        }
      }
      for (let i = 0; i < len; i++) {
        const k = base + i * stride;
        if (!mask[k]) continue;
        for (let c = 0; c < 3; c++) col[3 * k + c] = tmp[3 * i + c]!;
      }
    }
  };
  for (let pass = 0; pass < 3; pass++) {
    boxPass(rw, 1, rh, rw);
    boxPass(rh, rw, rw, 1);
  }
  let cleared = 0;
  for (let y = 0; y < rh; y++) {
    for (let x = 0; x < rw; x++) {
      const k = y * rw + x;
      if (!mask[k]) continue;
      const shade = 1 - (1 - OPENING_SHADE) * opening[k]!;
      const p = ((y + y0) * w + (x + x0)) * ch;
      out[p] = Math.round(shade * col[3 * k]!);
      out[p + 1] = Math.round(shade * col[3 * k + 1]!);
      out[p + 2] = Math.round(shade * col[3 * k + 2]!);
      cleared++;
    }
  }
  return { image: { width: w, height: h, channels: ch, data: out }, cleared };
}
