// iBUG 68-point layout facts: counts, groups and the left/right mirror permutation.

export const IBUG_POINTS = 68;

/** mirror[i] is the point that i becomes when the face is flipped horizontally. */
export const IBUG_MIRROR: readonly number[] = (() => {
  const m = Array.from({ length: 68 }, (_, i) => i);
  const pairs: [number, number][] = [];
  for (let i = 0; i <= 7; i++) pairs.push([i, 16 - i]); // jaw
  for (let i = 0; i < 5; i++) pairs.push([17 + i, 26 - i]); // brows
  pairs.push([31, 35], [32, 34]); // nostrils
  pairs.push([36, 45], [37, 44], [38, 43], [39, 42], [40, 47], [41, 46]); // eyes
  pairs.push([48, 54], [49, 53], [50, 52], [55, 59], [56, 58]); // outer lip
  pairs.push([60, 64], [61, 63], [65, 67]); // inner lip
  for (const [a, b] of pairs) {
    m[a] = b;
    m[b] = a;
  }
  return m;
})();
