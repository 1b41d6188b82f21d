// Per-worker scratch buffers for the frame swap: typed arrays kept between frames and grown when a face
// needs more, so a render does not allocate (and collect) a few MB per frame. One scratch object per worker
// thread (or per caller), passed in explicitly; never shared between concurrent swaps. A buffer handed out
// is valid until the same key is asked for again.

export interface SwapScratch {
  readonly buffers: Map<string, ArrayBuffer>;
}

export function createSwapScratch(): SwapScratch {
  return { buffers: new Map() };
}

function bytes(scratch: SwapScratch, key: string, size: number): ArrayBuffer {
  const have = scratch.buffers.get(key);
  if (have && have.byteLength >= size) return have;
  // Grow with headroom, so a face slowly getting bigger does not reallocate every frame.
  const buf = new ArrayBuffer(Math.ceil((size * 1.25) / 8) * 8);
  scratch.buffers.set(key, buf);
  return buf;
}

/** n bytes under `key` (contents unspecified), or a fresh zeroed array without a scratch. */
export function scratchU8(scratch: SwapScratch | undefined, key: string, n: number): Uint8Array {
  return scratch ? new Uint8Array(bytes(scratch, key, n), 0, n) : new Uint8Array(n);
}

export function scratchF32(scratch: SwapScratch | undefined, key: string, n: number): Float32Array {
  return scratch ? new Float32Array(bytes(scratch, key, 4 * n), 0, n) : new Float32Array(n);
}

export function scratchF64(scratch: SwapScratch | undefined, key: string, n: number): Float64Array {
  return scratch ? new Float64Array(bytes(scratch, key, 8 * n), 0, n) : new Float64Array(n);
}

export function scratchI32(scratch: SwapScratch | undefined, key: string, n: number): Int32Array {
  return scratch ? new Int32Array(bytes(scratch, key, 4 * n), 0, n) : new Int32Array(n);
}
