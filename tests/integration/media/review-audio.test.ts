// The review audio of a rendered file (what the viewer plays at 1x under Preview I-O): a WAV of exactly the
// video's length, starting at its first frame (a tone that starts at frame 10 starts at 10/fps in the WAV),
// served by the audio route only for media of this studio; a file without sound answers 204.
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../../../src-main/media/ffmpeg-process.ts';
import { probe } from '../../../src-main/media/probe.ts';
import { makeReviewAudio, reviewAudioArgs } from '../../../src-main/media/review-audio.ts';
import { MediaCache } from '../../../src-main/server/media-cache.ts';
import { PathSet } from '../../../src-main/server/path-set.ts';
import { createEngine } from '../../../src-main/server/engine.ts';
import { audioResponse } from '../../../src-main/server/audio-route.ts';
import { audioQuery } from '../../../src-shared/api/contract.ts';
import { testOutputDir } from '../../support/shared-data.ts';
import { MODEL_DIR } from '../../support/render-fixture.ts';

const dir = testOutputDir('review-audio');
const state = path.join(dir, 'state');
const withSound = path.join(dir, 'tone.mov');
const silent = path.join(dir, 'silent.mov');

/** Samples of a 16-bit PCM WAV (first channel), by decoding it with ffmpeg. */
async function samples(wav: string): Promise<Int16Array> {
  const raw = await runTool('ffmpeg', ['-v', 'error', '-i', wav, '-ac', '1', '-f', 's16le', '-']);
  return new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2);
}

describe('review audio', () => {
  beforeAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // 36 frames at 30 fps (1.2 s); silence, then a tone from frame 10 (0.3333 s) on; 44.1 kHz stereo.
    await runTool('ffmpeg', [
      ...['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30'],
      ...['-f', 'lavfi', '-i', "aevalsrc='if(gte(t,1/3),0.5*sin(2*PI*440*t),0)|0':s=44100:d=1.2"],
      ...['-frames:v', '36', '-c:v', 'prores_ks', '-c:a', 'pcm_s16le', '-shortest', withSound],
    ]);
    await runTool('ffmpeg', [
      ...['-v', 'error', '-nostdin', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30'],
      ...['-frames:v', '12', '-c:v', 'prores_ks', silent],
    ]);
  });

  it('is the length of the video at 48 kHz and starts where the first frame does', async () => {
    const info = await probe(withSound);
    const wav = await makeReviewAudio(info, state);
    expect(reviewAudioArgs(info, wav)).toContain('pcm_s16le');
    const s = await samples(wav);
    expect(s.length).toBe(48000 * 1.2);
    const first = s.findIndex((v) => Math.abs(v) > 2000);
    // The tone begins at frame 10: 16000 samples, within a millisecond.
    expect(Math.abs(first - 16000)).toBeLessThan(48);
    // Made once per file version.
    expect(await makeReviewAudio(info, state)).toBe(wav);
  });

  it('is served for media of this studio only; a file without sound answers 204', async () => {
    const media = new MediaCache(createEngine(false, MODEL_DIR), new PathSet(), state);
    const url = (p: string) => new URL(`http://studio${audioQuery({ path: p })}`);
    expect((await audioResponse(url(withSound), media)).status).toBe(403);
    await media.reachable.add(withSound);
    await media.reachable.add(silent);
    const r = await audioResponse(url(withSound), media);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('audio/wav');
    expect((r.body as Buffer).subarray(0, 4).toString('latin1')).toBe('RIFF');
    const none = await audioResponse(url(silent), media);
    expect(none.status).toBe(204);
    expect(none.headers['x-no-audio']).toMatch(/no audio/);
    expect((await audioResponse(new URL('http://studio/api/audio'), media)).status).toBe(400);
  });
});
