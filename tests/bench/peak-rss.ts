// Peak resident memory of a child process tree, sampled from /proc (Linux), for bench suites.
import { readFileSync, readdirSync } from 'node:fs';

function rssKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function children(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // process went away
    }
  }
  return out;
}

/** Samples the summed RSS of `pid` and its descendants every `intervalMs`; stop() returns the peak in MiB. */
export function samplePeakRss(pid: number, intervalMs = 100): { stop: () => number } {
  let peak = 0;
  const sample = () => {
    let total = 0;
    const stack = [pid];
    while (stack.length > 0) {
      const p = stack.pop()!;
      total += rssKiB(p);
      stack.push(...children(p));
    }
    peak = Math.max(peak, total);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return Math.round(peak / 1024);
    },
  };
}
