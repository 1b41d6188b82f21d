import type { Command } from '../command.ts';
import { parseOptions } from '../parse-options.ts';
import { resolveFfmpeg } from '../../media/ffmpeg-paths.ts';
import { initTf } from '../../ml/runtime.ts';

export const doctorCommand: Command = {
  name: 'doctor',
  usage: `Usage: depthswap doctor [--json]`,
  async run(args, io) {
    const { values } = parseOptions(args, { json: { type: 'boolean' } }, { min: 0, max: 0 });
    let ffmpeg: ReturnType<typeof resolveFfmpeg> | { error: string };
    try {
      ffmpeg = resolveFfmpeg(io.env, { verify: true });
    } catch (err) {
      ffmpeg = { error: err instanceof Error ? err.message : String(err) };
    }
    let tf: Awaited<ReturnType<typeof initTf>> | { error: string };
    try {
      tf = await initTf(io.env);
    } catch (err) {
      tf = { error: err instanceof Error ? err.message : String(err) };
    }
    const ok = !('error' in ffmpeg) && !('error' in tf);
    if (values.json) {
      io.stdout.write(JSON.stringify({ ok, node: process.version, ffmpeg, tf }, null, 2) + '\n');
      return ok ? 0 : 1;
    }
    const lines = [`node     ${process.version}`];
    if ('error' in ffmpeg) lines.push(`ffmpeg   MISSING: ${ffmpeg.error}`);
    else
      lines.push(
        `ffmpeg   ${ffmpeg.version} (${ffmpeg.source}: ${ffmpeg.ffmpeg}; ffprobe: ${ffmpeg.ffprobe})`,
      );
    if ('error' in tf) lines.push(`tf.js    UNAVAILABLE: ${tf.error}`);
    else {
      lines.push(
        `tf.js    ${tf.choice}${tf.forced ? ' (forced by DEPTHSWAP_TF_BACKEND)' : ''}: ${tf.detail}`,
      );
      for (const s of tf.skipped) lines.push(`         skipped ${s.choice}: ${s.reason}`);
    }
    io.stdout.write(lines.join('\n') + '\n');
    return ok ? 0 : 1;
  },
};
