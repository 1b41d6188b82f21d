// A 5x7 pixel font for the labels the engine burns into review images (frame numbers and timecodes):
// digits, ':', ';', '-', space. Drawn into an RGB buffer, scaled by an integer factor.

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

/** Rows top to bottom, 5 bits each (bit 4 = leftmost pixel). */
const GLYPHS: Record<string, readonly number[]> = {
  '0': [0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110],
  '1': [0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110],
  '2': [0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111],
  '3': [0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110],
  '4': [0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010],
  '5': [0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110],
  '6': [0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110],
  '7': [0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000],
  '8': [0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110],
  '9': [0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100],
  ':': [0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b01100, 0b00000],
  ';': [0b00000, 0b01100, 0b01100, 0b00000, 0b01100, 0b00100, 0b01000],
  '-': [0b00000, 0b00000, 0b00000, 0b11111, 0b00000, 0b00000, 0b00000],
  ' ': [0, 0, 0, 0, 0, 0, 0],
};

/** Width in pixels of `text` at `scale` (one blank column between glyphs). */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * (GLYPH_WIDTH + 1) - 1) * scale;
}

/** Draws `text` with its top-left at (x0, y0); unknown characters are drawn as blanks; clipped to the image. */
export function drawText(
  rgb: Uint8Array,
  width: number,
  height: number,
  x0: number,
  y0: number,
  text: string,
  scale: number,
  color: readonly [number, number, number],
): void {
  [...text].forEach((ch, k) => {
    const rows = GLYPHS[ch] ?? GLYPHS[' ']!;
    const gx = x0 + k * (GLYPH_WIDTH + 1) * scale;
    rows.forEach((bits, r) => {
      for (let c = 0; c < GLYPH_WIDTH; c++) {
        if (!((bits >> (GLYPH_WIDTH - 1 - c)) & 1)) continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const x = gx + c * scale + dx;
            const y = y0 + r * scale + dy;
            if (x < 0 || y < 0 || x >= width || y >= height) continue;
            rgb.set(color, 3 * (y * width + x));
          }
        }
      }
    });
  });
}
