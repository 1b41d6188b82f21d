// Draws a Progress on stderr: a redrawn bar on a terminal, nothing otherwise (logs stay clean).
import { formatDuration, type Progress } from '../../src-shared/progress.ts';
import type { CliIo } from './command.ts';

export function renderProgressLine(p: Progress, width = 30): string {
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const filled = Math.round(frac * width);
  const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
  const pct = `${Math.floor(frac * 100)}`.padStart(3);
  const rate = p.rate > 0 ? `${p.rate.toFixed(p.rate < 10 ? 2 : 1)}/s` : '-/s';
  const msg = p.message ? ` ${p.message}` : '';
  return `${p.stage} [${bar}] ${pct}% ${p.done}/${p.total} ${rate} ETA ${formatDuration(p.etaSeconds)}${msg}`;
}

export function progressPrinter(
  io: CliIo,
  minIntervalMs = 100,
): { update: (p: Progress) => void; end: () => void; log: (line: string) => void } {
  let last = 0;
  let drawn = false;
  const end = () => {
    if (drawn) io.stderr.write('\n');
    drawn = false;
  };
  return {
    update(p) {
      if (!io.interactive) return;
      const now = Date.now();
      if (now - last < minIntervalMs && p.done < p.total) return;
      last = now;
      drawn = true;
      io.stderr.write(`\r\x1b[2K${renderProgressLine(p)}`);
    },
    end,
    /** A line of its own on stderr, below the bar drawn so far (the next update draws a new one). */
    log(line) {
      end();
      io.stderr.write(line + '\n');
    },
  };
}
