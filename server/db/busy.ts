// Another process holding SQLite's write lock (a second server, a backup, someone in the sqlite3
// shell) must not freeze this one. better-sqlite3 is synchronous, so SQLite's busy handler would
// sleep on the event loop and stall every request, reads included. The main connection therefore
// waits only a few milliseconds itself; longer waits happen here, asynchronously, with back-off, and
// end after a bounded time in a 503 that says truthfully that nothing was stored.
import { HttpError, type ErrorCode } from '../errors.js';
import type { DB } from './database.js';

/** How long one write attempt may hold up the event loop on a locked database. */
export const BUSY_TIMEOUT_MS = 5;
/** How long a write waits, asynchronously, for the lock before it is given up. */
export const WRITE_WAIT_MS = 2000;
const FIRST_DELAY_MS = 5;
const MAX_DELAY_MS = 200;

export const DATABASE_BUSY = 'database-busy' satisfies ErrorCode;

/** SQLITE_BUSY and its extended codes (SQLITE_BUSY_SNAPSHOT, …): another connection holds a lock. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

export const retryAfterSeconds = (waitMs: number) => Math.max(1, Math.ceil(waitMs / 1000));

/** 503 for a write that did not happen because the lock could not be had in time. */
export function databaseBusy(message: string, waitMs = WRITE_WAIT_MS): HttpError {
  return new HttpError(503, DATABASE_BUSY, message, undefined, { retryAfter: retryAfterSeconds(waitMs) });
}

export interface WriteGate {
  /**
   * Resolves as soon as this connection can take the write lock; rejects with 503 database-busy
   * when it could not within the wait. While the lock is known to be taken, callers queue behind
   * one probe instead of each costing the event loop a busy timeout.
   */
  ready(): Promise<void>;
}

export function createWriteGate(db: DB, waitMs = WRITE_WAIT_MS): WriteGate {
  let waiters: Array<{ since: number; resolve: () => void; reject: (err: unknown) => void }> = [];
  let timer: NodeJS.Timeout | null = null;
  let delay = FIRST_DELAY_MS;

  function lockFree(): boolean {
    // Our own transactions are synchronous, so one open here means we already hold the lock.
    if (db.inTransaction) return true;
    try {
      db.exec('BEGIN IMMEDIATE');
      db.exec('ROLLBACK');
      return true;
    } catch (err) {
      if (isBusy(err)) return false;
      throw err;
    }
  }

  function probe() {
    timer = null;
    let free: boolean;
    try {
      free = lockFree();
    } catch (err) {
      waiters.splice(0).forEach((w) => w.reject(err));
      return;
    }
    if (free) {
      delay = FIRST_DELAY_MS;
      waiters.splice(0).forEach((w) => w.resolve());
      return;
    }
    const now = Date.now();
    delay = Math.min(delay * 2, MAX_DELAY_MS);
    waiters = waiters.filter((w) => {
      if (now + delay - w.since <= waitMs) return true;
      w.reject(databaseBusy('the database is locked by another process; nothing was changed. Try again shortly.', waitMs));
      return false;
    });
    if (waiters.length) timer = setTimeout(probe, delay).unref();
  }

  return {
    ready() {
      if (!timer && lockFree()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiters.push({ since: Date.now(), resolve, reject });
        timer ??= setTimeout(probe, delay).unref();
      });
    },
  };
}
