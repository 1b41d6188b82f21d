// The sound of a rendered range under review, as an NLE plays it: at 1x forward the audio plays and is the
// clock the picture follows (frame = audio position x fps, so picture and sound cannot drift apart, also
// across the loop); reversed, paused or at 2x and faster it is muted and the picture runs on its own clock.
// Web Audio: the whole WAV is decoded once, and a loop of exactly the range's length starts at the frame
// shown, sample-accurately.

export type ReviewSound = 'none' | 'loading' | 'ready' | 'failed';

/** Whether the sound plays at this J/K/L speed (only 1x forward, as NLEs do). */
export function soundPlaysAt(speed: number): boolean {
  return speed === 1;
}

export class ReviewAudio {
  private ctx: AudioContext | null = null;
  private buffer: AudioBuffer | null = null;
  private node: AudioBufferSourceNode | null = null;
  /** Context time at which the loop's second 0 played, and the loop's length. */
  private origin = 0;
  private loopSeconds = 0;

  /** Fetches and decodes `url` (a 204 answer: the file has no sound). */
  async load(url: string, signal: AbortSignal): Promise<ReviewSound> {
    const res = await fetch(url, { signal });
    if (res.status === 204) return 'none';
    if (!res.ok) throw new Error(`review audio: ${(await res.text()).slice(0, 200)}`);
    const bytes = await res.arrayBuffer();
    this.ctx ??= new AudioContext();
    this.buffer = await this.ctx.decodeAudioData(bytes);
    return 'ready';
  }

  get ready(): boolean {
    return this.buffer !== null && this.ctx !== null;
  }

  /** Plays from `seconds` into the range, looped over its first `loopSeconds`. */
  play(seconds: number, loopSeconds: number): void {
    const ctx = this.ctx;
    const buffer = this.buffer;
    if (!ctx || !buffer) return;
    this.stop();
    void ctx.resume();
    const node = ctx.createBufferSource();
    node.buffer = buffer;
    node.loop = true;
    node.loopStart = 0;
    node.loopEnd = Math.min(loopSeconds, buffer.duration);
    node.connect(ctx.destination);
    const offset = Math.max(0, Math.min(seconds, node.loopEnd));
    const when = ctx.currentTime + 0.02;
    node.start(when, offset);
    this.node = node;
    this.loopSeconds = node.loopEnd;
    this.origin = when - offset;
  }

  stop(): void {
    this.node?.stop();
    this.node?.disconnect();
    this.node = null;
  }

  get playing(): boolean {
    return this.node !== null;
  }

  /** Seconds into the range the sound is at now (wrapped by the loop), or null when it is not playing. */
  position(): number | null {
    if (!this.node || !this.ctx || this.loopSeconds <= 0) return null;
    const t = Math.max(0, this.ctx.currentTime - this.origin);
    return t % this.loopSeconds;
  }

  dispose(): void {
    this.stop();
    void this.ctx?.close();
    this.ctx = null;
    this.buffer = null;
  }
}
