// The proxy's JPEG stream splitter: images come out whole whatever the chunking, including 0xFF bytes
// inside the entropy-coded data and restart markers.
import { describe, it, expect } from 'vitest';
import { JpegSplitter } from '../../../src-main/proxy/jpeg-splitter.ts';

function fakeJpeg(seed: number): Buffer {
  const seg = (marker: number, payload: number[]) => [0xff, marker, 0, payload.length + 2, ...payload];
  const entropy = [seed, 0xff, 0x00, 0x12, 0xff, 0xd3, 0x34, seed ^ 0x55, 0xff, 0x00];
  return Buffer.from([
    0xff,
    0xd8,
    ...seg(0xe0, [1, 2, 3]),
    ...seg(0xdb, [seed, 0xff, 0xd9]),
    ...seg(0xda, [9]),
    ...entropy,
    0xff,
    0xd9,
  ]);
}

describe('JPEG splitter', () => {
  it('splits concatenated images at any chunk size', () => {
    const images = [fakeJpeg(1), fakeJpeg(2), fakeJpeg(3)];
    const stream = Buffer.concat(images);
    for (const size of [1, 2, 3, 7, 64]) {
      const s = new JpegSplitter();
      const got: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) got.push(...s.push(stream.subarray(i, i + size)));
      expect(got).toEqual(images);
      expect(s.pending).toBe(0);
    }
  });

  it('keeps a truncated image pending and refuses a stream that is not JPEG', () => {
    const s = new JpegSplitter();
    expect(s.push(fakeJpeg(4).subarray(0, 12))).toEqual([]);
    expect(s.pending).toBe(12);
    expect(() => new JpegSplitter().push(Buffer.from([1, 2, 3]))).toThrow(/corrupt/);
  });
});
