import { describe, expect, it } from 'vitest';
import { parseNpy } from '../../../src-main/data/npy.ts';
import { parseLjson } from '../../../src-main/data/ljson.ts';

function npyBytes(descr: string, shape: number[], fortran: boolean, data: ArrayBufferView): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}

describe('.npy reader', () => {
  it('reads float32 C-order arrays', () => {
    const arr = parseNpy(npyBytes('<f4', [2, 3], false, Float32Array.of(1, 2, 3, 4, 5, 6.5)));
    expect(arr.shape).toEqual([2, 3]);
    expect(Array.from(arr.data)).toEqual([1, 2, 3, 4, 5, 6.5]);
  });

  it('reorders Fortran-order arrays to C order', () => {
    // C-order [[1, 2, 3], [4, 5, 6]] stored column-major
    const arr = parseNpy(npyBytes('<f8', [2, 3], true, Float64Array.of(1, 4, 2, 5, 3, 6)));
    expect(Array.from(arr.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('rejects non-npy, truncated and unsupported input clearly', () => {
    expect(() => parseNpy(new TextEncoder().encode('hello world, not numpy'), 'x.npy')).toThrow(
      /not a \.npy file/,
    );
    const good = npyBytes('<f4', [4], false, Float32Array.of(1, 2, 3, 4));
    expect(() => parseNpy(good.subarray(0, good.length - 3))).toThrow(/truncated/);
    expect(() => parseNpy(npyBytes('<c8', [1], false, Float32Array.of(1, 2)))).toThrow(/unsupported dtype/);
  });
});

describe('LJSON reader', () => {
  it('reads the first group and rejects malformed files', () => {
    const text = JSON.stringify({
      groups: {
        LJSON: {
          landmarks: {
            points: [
              [1, 2, 3],
              [4, 5, 6],
            ],
          },
        },
      },
    });
    expect(parseLjson(text)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(() => parseLjson('{nope')).toThrow(/not JSON/);
    expect(() => parseLjson('{"groups": 3}')).toThrow(/not an LJSON/);
  });
});
