// Each face of a frame is warped once per render, not twice. With colour smoothing every frame goes
// through a stats job (warp + matte + statistics) and later its swap job, which needs the very same warp
// and matte (the warp reads only the placement, never the frame's pixels). The pool sends both jobs of a
// frame to the same thread, whose cache keeps the stats job's warps (copied out of the scratch buffers)
// until the swap takes them. Bounded: frames read only for their statistics (the smoothing margin) never
// get a swap and are evicted, oldest first. A swap finding nothing (evicted, another thread, another
// placement) warps as before: the cache changes speed, never the picture.
import type { FaceInFrame, MaskedWarp, WarpReuse } from './swap-frame.ts';

/** Frames kept per thread: the smoothing window ahead of the oldest swap, with room to spare. */
export const WARP_CACHE_FRAMES = 12;

interface KeptFace {
  /** What the warp depends on (frame size and the face's placement), compared before reuse. */
  key: Float64Array;
  warp: MaskedWarp | null;
}

/** The numbers a face's warp and matte are made from (colour statistics and track do not count). */
function placementKey(face: FaceInFrame, width: number, height: number): Float64Array {
  const offsets = face.offsets ?? [];
  const key = new Float64Array(6 + face.affine.length + face.depth.length + offsets.length);
  key.set([width, height, face.mirrored ? 1 : 0, face.source ?? -1, face.weight ?? 1, offsets.length]);
  let o = 6;
  for (const values of [face.affine, face.depth, offsets])
    for (let i = 0; i < values.length; i++) key[o++] = values[i]!;
  return key;
}

function sameKey(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** A copy that owns its arrays (the warp's are scratch buffers, reused by the thread's next job). */
function copyWarp(w: MaskedWarp): MaskedWarp {
  const spans = w.spans
    ? { y0: w.spans.y0, y1: w.spans.y1, first: w.spans.first.slice(), last: w.spans.last.slice() }
    : null;
  return {
    src: w.src,
    rect: { ...w.rect },
    rgb: w.rgb.slice(),
    coverage: w.coverage.slice(),
    alpha: w.alpha.slice(),
    spans,
    faceSize: w.faceSize,
  };
}

export class WarpCache {
  private readonly frames = new Map<number, Map<number, KeptFace>>();
  hits = 0;
  misses = 0;

  private readonly limit: number;

  constructor(limit = WARP_CACHE_FRAMES) {
    this.limit = limit;
    if (!(Number.isInteger(limit) && limit >= 1))
      throw new Error(`warp cache size must be >= 1 (got ${limit})`);
  }

  /** Frames held now. */
  get size(): number {
    return this.frames.size;
  }

  /** For frame `frame`'s stats job: keeps each face's warp (replacing what the frame had). */
  keeper(frame: number, width: number, height: number): WarpReuse {
    const faces = new Map<number, KeptFace>();
    this.frames.delete(frame);
    this.frames.set(frame, faces);
    // Oldest first (Map order is insertion order): margin frames and swaps that went elsewhere.
    for (const f of this.frames.keys()) {
      if (this.frames.size <= this.limit) break;
      this.frames.delete(f);
    }
    return {
      keep: (k, face, warp) => {
        faces.set(k, { key: placementKey(face, width, height), warp: warp && copyWarp(warp) });
      },
    };
  }

  /**
   * For frame `frame`'s swap job: hands out the kept warps of faces whose placement is unchanged, once.
   * The frame and every older one are dropped (a thread's swaps come in frame order).
   */
  taker(frame: number, width: number, height: number): WarpReuse {
    const faces = this.frames.get(frame);
    for (const f of [...this.frames.keys()]) if (f <= frame) this.frames.delete(f);
    return {
      take: (k, face) => {
        const kept = faces?.get(k);
        faces?.delete(k);
        if (kept && sameKey(kept.key, placementKey(face, width, height))) {
          this.hits++;
          return kept.warp;
        }
        this.misses++;
        return undefined;
      },
    };
  }
}
