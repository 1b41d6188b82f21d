// Child process of the queue bench: claims and completes tasks on one database as fast as it can until
// the deadline (the database path and the deadline in ms since the epoch are its arguments), then prints
// how many it completed. Two of these run at once on the same file.
import { openQueueDb } from '../../src-main/queue/db.ts';
import { TaskLeases, ownerId } from '../../src-main/queue/task-leases.ts';

const [file, until] = process.argv.slice(2);
if (!file || !until) throw new Error('usage: queue-claimer.ts <db> <deadline-ms>');
const leases = new TaskLeases(openQueueDb(file));
const owner = ownerId();
let done = 0;
let lost = 0;
while (Date.now() < Number(until)) {
  const t = leases.claim(owner, 30_000);
  if (!t) break;
  if (leases.complete(owner, t.jobId, t.idx, t.kind === 'render' ? `/seg/${t.jobId}/${t.idx}` : null)) done++;
  else lost++;
}
process.stdout.write(JSON.stringify({ done, lost }) + '\n');
