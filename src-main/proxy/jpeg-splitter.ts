// Splits a stream of concatenated JPEG images (ffmpeg's image2pipe / MJPEG output) into images by their
// structure: SOI, marker segments with their lengths up to SOS, then entropy-coded data (where a 0xFF byte
// is followed by 0x00 or a restart marker) until EOI. Chunk boundaries may fall anywhere.

export class JpegSplitter {
  private buf: Buffer = Buffer.alloc(0);
  /** Where the scan of the current image has got to (so a long image is not rescanned per chunk). */
  private pos = 0;
  private inEntropy = false;
  private started = false;

  /** Feeds a chunk; returns the complete images it finished (each a copy). */
  push(chunk: Buffer): Buffer[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      const end = this.scan();
      if (end === null) break;
      out.push(Buffer.from(this.buf.subarray(0, end)));
      this.buf = this.buf.subarray(end);
      this.pos = 0;
      this.inEntropy = false;
      this.started = false;
    }
    return out;
  }

  /** Bytes held that do not form a complete image (non-zero at the end of the stream = truncated). */
  get pending(): number {
    return this.buf.length;
  }

  /** The end offset of the first complete image in `buf`, or null when more data is needed. */
  private scan(): number | null {
    const b = this.buf;
    if (!this.started) {
      if (b.length < 2) return null;
      if (b[0] !== 0xff || b[1] !== 0xd8)
        throw new Error('the JPEG stream is corrupt (no start-of-image marker)');
      this.started = true;
      this.pos = 2;
    }
    let i = this.pos;
    while (!this.inEntropy) {
      if (i + 4 > b.length) return this.wait(i);
      if (b[i] !== 0xff) throw new Error('the JPEG stream is corrupt (marker expected)');
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      if (marker === 0xd9) return i + 2;
      const length = b.readUInt16BE(i + 2);
      if (i + 2 + length > b.length) return this.wait(i);
      i += 2 + length;
      if (marker === 0xda) this.inEntropy = true;
    }
    for (; i + 1 < b.length; i++) {
      if (b[i] !== 0xff) continue;
      const next = b[i + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
      if (next === 0xd9) return i + 2;
      // Another marker after the scan (a further scan of a progressive image): back to segments.
      this.inEntropy = false;
      this.pos = i;
      return this.scan();
    }
    return this.wait(i);
  }

  private wait(i: number): null {
    this.pos = i;
    return null;
  }
}
