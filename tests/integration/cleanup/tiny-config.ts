// The tiny network the cleanup tests train (fast on one core).
export const TINY_CONFIG = { size: 16, ngf: 2, ndf: 2, blocks: 1, discLayers: 2, poolSize: 3 };
