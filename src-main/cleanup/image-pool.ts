// The CycleGAN's image pool (Shrivastava et al.): the discriminators see a mix of the newest fakes and
// older ones, which steadies training. Until the pool is full every fake is stored and shown; after that,
// with probability 1/2 a random stored fake is shown and replaced by the new one. Seeded per step, so a
// resumed run draws as an uninterrupted one would. The pool owns its tensors (dispose() frees them).
import { tf } from '../ml/runtime.ts';
import { mixSeed, mulberry32, randInt } from '../../src-shared/depthnet/rng.ts';

export class ImagePool {
  private readonly images: tf.Tensor4D[] = [];
  readonly capacity: number;
  private readonly seed: number;

  constructor(capacity: number, seed: number) {
    this.capacity = capacity;
    this.seed = seed;
  }

  get size(): number {
    return this.images.length;
  }

  /** The image to show the discriminator for the new fake `image` (one image, batch 1); caller owns it. */
  query(image: tf.Tensor4D, step: number): tf.Tensor4D {
    if (this.capacity === 0) return image.clone();
    if (this.images.length < this.capacity) {
      this.images.push(tf.keep(image.clone()));
      return image.clone();
    }
    const rand = mulberry32(mixSeed(this.seed, step));
    if (rand() < 0.5) return image.clone();
    const i = randInt(rand, this.images.length);
    const old = this.images[i]!;
    this.images[i] = tf.keep(image.clone());
    return old; // ownership passes to the caller
  }

  /** The stored images (for checkpoints); still owned by the pool. */
  contents(): readonly tf.Tensor4D[] {
    return this.images;
  }

  /** Replaces the contents (from a checkpoint); takes ownership. */
  restore(images: tf.Tensor4D[]): void {
    this.dispose();
    for (const t of images.slice(0, this.capacity)) this.images.push(tf.keep(t));
  }

  dispose(): void {
    for (const t of this.images) t.dispose();
    this.images.length = 0;
  }
}
