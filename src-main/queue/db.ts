// The render queue's database: SQLite through node:sqlite (built into Node >= 22.13 and Electron's Node: no
// native module to compile or rebuild for Electron; see docs/queue.md). WAL journal, synchronous=FULL (a
// finished chunk recorded before a power cut stays recorded), a busy timeout for several runners, a schema
// version (PRAGMA user_version) with forward migrations. A file that is not a queue database of a version
// this build reads is a clear error: the file is kept as it is and nothing is created over it.
import { existsSync, mkdirSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as NodeSqlite from 'node:sqlite';
import type { DatabaseSync as DatabaseSyncType } from 'node:sqlite';
import { defaultStateDir } from '../util/state-dir.ts';

export type Db = DatabaseSyncType;

export const QUEUE_SCHEMA_VERSION = 1;
const APPLICATION_ID = 0x44535131; // 'DSQ1': marks the file as a depthswap queue

/** Schema steps: MIGRATIONS[i] takes the database from version i to i + 1. */
const MIGRATIONS: string[] = [
  `CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     spec TEXT NOT NULL,
     out TEXT NOT NULL,
     state TEXT NOT NULL,
     priority INTEGER NOT NULL DEFAULT 50,
     position REAL NOT NULL,
     chunk_size INTEGER NOT NULL,
     overwrite INTEGER NOT NULL DEFAULT 0,
     frames_total INTEGER NOT NULL,
     frames_done INTEGER NOT NULL DEFAULT 0,
     rate REAL,
     eta_seconds REAL,
     error TEXT,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     started_at INTEGER,
     finished_at INTEGER
   );
   CREATE INDEX jobs_order ON jobs (state, priority DESC, position);
   CREATE TABLE tasks (
     job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
     idx INTEGER NOT NULL,
     kind TEXT NOT NULL,
     start_frame INTEGER NOT NULL,
     end_frame INTEGER NOT NULL,
     state TEXT NOT NULL,
     failures INTEGER NOT NULL DEFAULT 0,
     lease_owner TEXT,
     lease_until INTEGER,
     progress REAL NOT NULL DEFAULT 0,
     segment TEXT,
     error TEXT,
     started_at INTEGER,
     finished_at INTEGER,
     PRIMARY KEY (job_id, idx)
   );
   CREATE INDEX tasks_state ON tasks (state, lease_until);
   CREATE TABLE task_log (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     job_id TEXT NOT NULL,
     idx INTEGER NOT NULL,
     owner TEXT NOT NULL,
     event TEXT NOT NULL,
     at INTEGER NOT NULL,
     detail TEXT
   );`,
];

export class QueueDbError extends Error {
  override name = 'QueueDbError';
}

/** `<state dir>/queue.sqlite`: the default of every `--db`. */
export function defaultQueueDb(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(defaultStateDir(env), 'queue.sqlite');
}

let sqlite: typeof NodeSqlite | null = null;

/** node:sqlite, loaded without its one-time "experimental" warning on the user's terminal. */
function loadSqlite(): typeof NodeSqlite {
  if (sqlite) return sqlite;
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite is an experimental feature/.test(text)) return;
    (emit as (w: string | Error, ...r: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    sqlite = createRequire(import.meta.url)('node:sqlite') as typeof NodeSqlite;
  } finally {
    process.emitWarning = emit;
  }
  return sqlite;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function checkHeader(file: string): void {
  if (!existsSync(file)) return;
  const size = statSync(file).size;
  if (size === 0) return; // an empty file holds nothing: it is initialised
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER))
    throw new QueueDbError(
      `${file} is not a queue database (not SQLite, or corrupt); it was left untouched: move it away or pass another --db`,
    );
}

function one<T>(db: Db, sql: string): T | undefined {
  return db.prepare(sql).get() as T | undefined;
}

/** Opens (creating when absent) the queue database at `file` and brings its schema up to date. */
export function openQueueDb(file: string): Db {
  const abs = path.resolve(file);
  checkHeader(abs);
  mkdirSync(path.dirname(abs), { recursive: true });
  const { DatabaseSync } = loadSqlite();
  let db: Db;
  try {
    db = new DatabaseSync(abs);
  } catch (err) {
    throw new QueueDbError(`${abs}: cannot open the queue database: ${(err as Error).message}`);
  }
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    const check = one<{ quick_check: string }>(db, 'PRAGMA quick_check');
    if (check?.quick_check !== 'ok')
      throw new QueueDbError(
        `${abs} is corrupt (${check?.quick_check ?? 'no answer'}); it was left untouched`,
      );
    const app = one<{ application_id: number }>(db, 'PRAGMA application_id')?.application_id ?? 0;
    const version = one<{ user_version: number }>(db, 'PRAGMA user_version')?.user_version ?? 0;
    const tables =
      one<{ n: number }>(db, "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'")?.n ?? 0;
    if (app !== APPLICATION_ID && !(app === 0 && version === 0 && tables === 0))
      throw new QueueDbError(`${abs} is an SQLite database of another program; it was left untouched`);
    if (version > QUEUE_SCHEMA_VERSION)
      throw new QueueDbError(
        `${abs} is a queue of a newer version (schema ${version}; this build reads up to ${QUEUE_SCHEMA_VERSION}); it was left untouched`,
      );
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    for (let v = version; v < QUEUE_SCHEMA_VERSION; v++) {
      db.exec('BEGIN IMMEDIATE');
      try {
        db.exec(MIGRATIONS[v]!);
        db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
        db.exec(`PRAGMA user_version = ${v + 1}`);
        db.exec('COMMIT');
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    }
  } catch (err) {
    db.close();
    if (err instanceof QueueDbError) throw err;
    const msg = (err as Error).message;
    throw new QueueDbError(
      /not a database|malformed|corrupt/i.test(msg)
        ? `${abs} is not a queue database (${msg}); it was left untouched: move it away or pass another --db`
        : `${abs}: ${msg}`,
    );
  }
  return db;
}

/** Runs `fn` in one write transaction (BEGIN IMMEDIATE: the write lock first, so two runners queue up). */
export function transaction<T>(db: Db, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const r = fn();
    db.exec('COMMIT');
    return r;
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
