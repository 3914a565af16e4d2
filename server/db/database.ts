import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SAFETY_NET_PAGES } from './checkpointer.js';

export type DB = Database.Database;

export function openDatabase(path: string, synchronous: 'NORMAL' | 'FULL' = 'NORMAL'): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // WAL: readers never block the writer, and a commit is one append. With synchronous=NORMAL a
  // committed transaction survives the process being killed; FULL adds an fsync per commit for power loss.
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 32 MiB of page cache (the default is 2 MiB): lookups by id stay in memory with 100,000 responses.
  db.pragma('cache_size = -32768');
  // Checkpoints normally run in a worker (checkpointer.ts); this threshold is only the safety net.
  if (path !== ':memory:') db.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  // After a checkpoint the log is reused; this keeps the file from staying at its largest size.
  db.pragma('journal_size_limit = 67108864');
  return db;
}

export interface Migration {
  id: string;
  sql: string;
  checksum: string;
}

const MIGRATION_FILE = /^(\d{3,})_[a-z0-9_-]+\.sql$/;

export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .filter((f) => MIGRATION_FILE.test(f))
    .sort()
    .map((file) => {
      const sql = readFileSync(join(dir, file), 'utf8');
      return { id: file.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Refuses a database that recorded migrations these files do not have: a newer version migrated it,
 * and this one would run against a schema it does not know (after a rollback of the app, or an old
 * instance restarting during an update). Restoring the backup taken before the update is the way back.
 */
export function refuseUnknownMigrations(applied: Iterable<string>, files: Migration[]): void {
  const known = new Set(files.map((m) => m.id));
  const unknown = [...applied].filter((id) => !known.has(id)).sort();
  if (unknown.length) {
    throw new Error(
      `the database has migrations this version does not know (${unknown.join(', ')}): a newer version migrated it. ` +
        'Run that version, or restore the backup taken before the update (docs/operations.md, Restore).',
    );
  }
}

/**
 * Applies the migrations not yet recorded, in file-name order, each in its own transaction, and
 * records them so each runs once. A recorded migration whose file changed afterwards stops start-up:
 * editing history silently would leave databases that differ from what the files say.
 */
const FOREIGN_KEYS_OFF = '-- migrate: foreign-keys-off';

export function migrate(db: DB, dir: string): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    id TEXT PRIMARY KEY,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = new Map(
    (db.prepare('SELECT id, checksum FROM schema_migrations').all() as Array<{ id: string; checksum: string }>).map((r) => [r.id, r.checksum]),
  );
  const record = db.prepare('INSERT INTO schema_migrations (id, checksum, applied_at) VALUES (?, ?, ?)');
  const ran: string[] = [];
  const files = readMigrations(dir);
  refuseUnknownMigrations(applied.keys(), files);
  for (const m of files) {
    const known = applied.get(m.id);
    if (known !== undefined) {
      if (known !== m.checksum) throw new Error(`migration ${m.id} was changed after it was applied; add a new migration instead`);
      continue;
    }
    // A table rebuild (SQLite's way to change a constraint) drops the old table, which with foreign
    // keys on would cascade into every table that points at it. Such a migration says so on its first
    // line; foreign keys cannot be switched inside a transaction, so it happens around it, and the
    // keys are checked before the commit (SQLite's documented 12-step procedure).
    const foreignKeysOff = m.sql.startsWith(FOREIGN_KEYS_OFF);
    if (foreignKeysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.sql);
        if (foreignKeysOff && (db.pragma('foreign_key_check') as unknown[]).length) throw new Error(`migration ${m.id} leaves rows whose foreign keys point at nothing`);
        record.run(m.id, m.checksum, new Date().toISOString());
      })();
    } finally {
      if (foreignKeysOff) db.pragma('foreign_keys = ON');
    }
    ran.push(m.id);
  }
  return ran;
}
