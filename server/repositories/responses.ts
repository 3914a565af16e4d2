import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Answers, Locale, Profile, ScoringVersion } from '../../core/types.js';
import { createWriteGate, DATABASE_BUSY, databaseBusy, isBusy, type WriteGate } from '../db/busy.js';
import type { Db, PostgresDb, SqliteDb } from '../db/connect.js';
import { changed, forUpdate } from '../db/dialect.js';
import { prepared, type Slots } from '../db/prepared.js';
import type { Schema } from '../db/schema.js';
import { HttpError } from '../errors.js';

export interface ResponseRow {
  id: string;
  token_hash: string;
  snapshot_hash: string;
  questionnaire_id: string;
  area: string;
  locale: Locale;
  status: 'open' | 'submitted';
  answers: string;
  revision: number;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  previous_response_id: string | null;
  company_name: string | null;
  /** The programme it is shared with now; null when never shared or withdrawn. */
  programme_id: string | null;
  /** The scoring model it was submitted under; null while open (it will take the current one). */
  scoring_version: number | null;
}

export interface SavedAnswers {
  answers: Answers;
  revision: number;
  updatedAt: string;
}

export interface SubmitSummary {
  profile: Profile;
  goalScore: number | null;
  preconditionScore: number | null;
  completeness: number;
  knockoutCount: number;
  scoringVersion: ScoringVersion;
}

/**
 * Resume tokens carry 256 random bits, so a single SHA-256 is enough to store them safely: unlike
 * passwords there is nothing to guess, and a slow hash would only slow every autosave down.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenMatches(token: string, hash: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

const savesNotStored = () =>
  databaseBusy('the database is locked by another process, so these answers were not stored; send them again after Retry-After seconds');

const newId = () => randomBytes(16).toString('base64url');
const newToken = () => randomBytes(32).toString('base64url');

type Changes = Record<string, Answers[string] | null>;

function merge(stored: string, changes: Changes): Answers {
  const merged: Answers = JSON.parse(stored);
  for (const [question, answer] of Object.entries(changes)) {
    if (answer === null) delete merged[question];
    else merged[question] = answer;
  }
  return merged;
}

type Saver = (row: ResponseRow, changes: Changes, locale: Locale) => Promise<SavedAnswers | undefined>;

/**
 * SQLite: group commit. Saves that arrive in the same turn of the event loop are written in one
 * synchronous transaction, on better-sqlite3's own prepared statements (the hot path). It runs while
 * holding Kysely's connection, so no Kysely transaction is open around it and none starts before it
 * committed.
 */
function groupCommit(database: SqliteDb, gate: WriteGate): Saver {
  const db = database.sqlite;
  const byId = db.prepare('SELECT * FROM responses WHERE id = ?');
  // Optimistic: the write only lands on the revision that was read, so a concurrent writer is noticed.
  const writeAnswers = db.prepare(
    `UPDATE responses SET answers = @answers, revision = revision + 1, updated_at = @now, locale = @locale
     WHERE id = @id AND status = 'open' AND revision = @revision
     RETURNING revision, updated_at`,
  );

  /**
   * One save: optimistic on the revision that was read. When the row changed since (an earlier save
   * in the same batch, or another process), it is read again and merged anew, so no answer is lost.
   */
  function saveOne(row: ResponseRow, changes: Changes, locale: Locale): SavedAnswers | undefined {
    let current: ResponseRow | undefined = row;
    for (let attempt = 0; attempt < 5 && current && current.status === 'open'; attempt++) {
      const merged = merge(current.answers, changes);
      const written = writeAnswers.get({ id: current.id, answers: JSON.stringify(merged), now: new Date().toISOString(), locale, revision: current.revision }) as
        | { revision: number; updated_at: string }
        | undefined;
      if (written) return { answers: merged, revision: written.revision, updatedAt: written.updated_at };
      current = byId.get(current.id) as ResponseRow | undefined;
    }
    return undefined;
  }

  const pending: Array<{
    row: ResponseRow; changes: Changes; locale: Locale;
    resolve: (r: SavedAnswers | undefined) => void; reject: (e: unknown) => void;
  }> = [];
  // IMMEDIATE: take the write lock before reading, so a locked database fails the batch at once,
  // before anything is merged, and the batch can simply be tried again.
  const writeBatch = db.transaction((batch: typeof pending) => batch.map((s) => saveOne(s.row, s.changes, s.locale))).immediate;
  let scheduled = false;

  function writePending() {
    // Saves that arrived while the connection was busy join this batch.
    const batch = pending.splice(0);
    try {
      const results = writeBatch(batch);
      scheduled = false;
      batch.forEach((s, i) => s.resolve(results[i]));
    } catch (err) {
      if (!isBusy(err)) {
        scheduled = false;
        batch.forEach((s) => s.reject(err));
        return;
      }
      // Another process holds the lock: wait for it off the event loop; saves arriving meanwhile
      // join this batch. When the wait runs out every waiting save hears that it was not stored.
      pending.unshift(...batch);
      gate.ready().then(flush, (failed: unknown) => {
        scheduled = false;
        const reason = failed instanceof HttpError && failed.code === DATABASE_BUSY ? savesNotStored() : failed;
        pending.splice(0).forEach((s) => s.reject(reason));
      });
    }
  }

  function flush() {
    database.kysely.connection().execute(async () => writePending()).catch((err: unknown) => {
      scheduled = false;
      pending.splice(0).forEach((s) => s.reject(err));
    });
  }

  return (row, changes, locale) =>
    new Promise((resolve, reject) => {
      pending.push({ row, changes, locale, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/**
 * PostgreSQL: each save is its own short transaction on a pooled connection. The row is locked
 * (SELECT … FOR UPDATE) before the merge, so concurrent saves to one response, from this instance
 * or another, queue on the row and each merges into what the one before it wrote.
 */
function rowLockedSave(database: PostgresDb): Saver {
  return (row, changes, locale) =>
    database.kysely.transaction().execute(async (trx) => {
      const current = await forUpdate(trx, trx.selectFrom('responses').select(['answers', 'status']).where('id', '=', row.id)).executeTakeFirst();
      if (!current || current.status !== 'open') return undefined;
      const merged = merge(current.answers, changes);
      const written = await trx.updateTable('responses')
        .set((eb) => ({ answers: JSON.stringify(merged), revision: eb('revision', '+', 1), updated_at: new Date().toISOString(), locale }))
        .where('id', '=', row.id).returning(['revision', 'updated_at']).executeTakeFirstOrThrow();
      return { answers: merged, revision: written.revision, updatedAt: written.updated_at };
    });
}

/**
 * The submitted attempts this one was re-taken from, newest first. The chain is walked from the
 * response by its primary key and each step joined back by id; CROSS JOIN keeps SQLite's planner
 * from reading every response to match the handful in the chain (an inner join let it scan the
 * whole table on every report and submit: 80 ms at 20,000 responses).
 */
export const earlierAttemptsQuery = (db: Kysely<Schema>, id: string) =>
  db.withRecursive('earlier(id, depth)', (qb) =>
    qb.selectFrom('responses').select((eb) => ['previous_response_id as id', eb.lit(1).as('depth')]).where('id', '=', id)
      .unionAll((u) => u.selectFrom('responses as r').innerJoin('earlier as e', 'r.id', 'e.id')
        .select((eb) => ['r.previous_response_id as id', eb('e.depth', '+', 1).as('depth')]).where('e.depth', '<', 50)),
  ).selectFrom('earlier as e').crossJoin('responses as r').whereRef('r.id', '=', 'e.id').selectAll('r').where('r.status', '=', 'submitted').orderBy('e.depth');

// The reads and writes every request or submit makes, compiled once (server/db/prepared.ts).
const findById = prepared((db, p: Slots<{ id: string }>) => db.selectFrom('responses').selectAll().where('id', '=', p('id')));
// Every report, export and submit of a re-take; every owner's report view.
const earlierChain = prepared((db, p: Slots<{ id: string }>) => earlierAttemptsQuery(db, p('id')));
const newestLater = prepared((db, p: Slots<{ id: string }>) => db.selectFrom('responses').select(['id', 'created_at', 'status'])
  .where('previous_response_id', '=', p('id')).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1));

type SubmitValues = {
  id: string; now: string; profile: Profile; goalScore: number | null; preconditionScore: number | null;
  completeness: number; knockoutCount: number; scoringVersion: ScoringVersion;
};
const submitted = (db: Kysely<Schema>, p: Slots<SubmitValues>) => db.updateTable('responses').set({
  status: 'submitted', submitted_at: p('now'), updated_at: p('now'), profile: p('profile'), goal_score: p('goalScore'),
  precondition_score: p('preconditionScore'), completeness: p('completeness'), knockout_count: p('knockoutCount'), scoring_version: p('scoringVersion'),
}).where('id', '=', p('id')).where('status', '=', 'open');
const submitOpen = prepared((db, p: Slots<SubmitValues>) => submitted(db, p).returningAll());
const submitAtRevision = prepared((db, p: Slots<SubmitValues & { revision: number }>) => submitted(db, p).where('revision', '=', p('revision')).returningAll());

export function createResponseRepository(database: Db, gate?: WriteGate) {
  const db: Kysely<Schema> = database.kysely;
  const byId = async (id: string) => (await findById(db, { id })).rows[0] as ResponseRow | undefined;
  const save = database.engine === 'sqlite' ? groupCommit(database, gate ?? createWriteGate(database.sqlite)) : rowLockedSave(database);

  return {
    async create(input: { snapshotHash: string; questionnaireId: string; area: string; locale: Locale; answers?: Answers; previousResponseId?: string | null; companyName?: string | null }) {
      const id = newId();
      const token = newToken();
      const now = new Date().toISOString();
      const row = await db.insertInto('responses').values({
        id, token_hash: hashToken(token), snapshot_hash: input.snapshotHash, questionnaire_id: input.questionnaireId, area: input.area,
        locale: input.locale, status: 'open', answers: JSON.stringify(input.answers ?? {}), revision: 0, created_at: now, updated_at: now,
        previous_response_id: input.previousResponseId ?? null, company_name: input.companyName ?? null,
      }).returningAll().executeTakeFirstOrThrow();
      return { id, token, row: row as ResponseRow };
    },

    find: byId,

    /**
     * Merges a partial set of answers (null removes one) into the stored ones, starting from the row
     * the caller already read. On SQLite saves arriving in the same turn of the event loop share one
     * transaction (group commit): each is acknowledged only once it committed. Resolves undefined
     * once the response is no longer open.
     */
    saveAnswers: (row: ResponseRow, changes: Changes, locale: Locale): Promise<SavedAnswers | undefined> => save(row, changes, locale),

    /**
     * Submits an open response with the summary scored from its answers at `revision`; undefined when
     * it is no longer open at that revision (submitted already, or answers saved in between).
     */
    async submit(id: string, summary: SubmitSummary, revision?: number): Promise<ResponseRow | undefined> {
      const now = new Date().toISOString();
      const values = {
        id, now, profile: summary.profile, goalScore: summary.goalScore, preconditionScore: summary.preconditionScore,
        completeness: summary.completeness, knockoutCount: summary.knockoutCount, scoringVersion: summary.scoringVersion,
      };
      const result = revision === undefined ? await submitOpen(db, values) : await submitAtRevision(db, { ...values, revision });
      return result.rows[0] as ResponseRow | undefined;
    },

    /**
     * Binds an open response to another snapshot with the answers carried over, only at the revision
     * they were carried from (a save in between would otherwise be lost); undefined when it was not.
     */
    async moveToSnapshot(row: ResponseRow, to: { snapshotHash: string; area: string; answers: Answers }): Promise<ResponseRow | undefined> {
      const moved = await db.updateTable('responses')
        .set((eb) => ({ snapshot_hash: to.snapshotHash, area: to.area, answers: JSON.stringify(to.answers), revision: eb('revision', '+', 1), updated_at: new Date().toISOString() }))
        .where('id', '=', row.id).where('status', '=', 'open').where('revision', '=', row.revision).returningAll().executeTakeFirst();
      return moved as ResponseRow | undefined;
    },

    async setCompanyName(id: string, name: string | null): Promise<ResponseRow> {
      const row = await db.updateTable('responses').set({ company_name: name, updated_at: new Date().toISOString() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      return row as ResponseRow;
    },

    /**
     * The submitted attempts this one was re-taken from, newest first (bounded: a chain is a person's
     * history). A first attempt (`previous_response_id` null, the most common report) has no chain to
     * walk; a caller without the row leaves it out.
     */
    earlierAttempts: async (row: { id: string; previous_response_id?: string | null }) =>
      (row.previous_response_id === null ? [] : (await earlierChain(db, { id: row.id })).rows) as ResponseRow[],

    /** The newest attempt re-taken from this one, if any (indexed: responses_previous). */
    laterAttempt: async (id: string) => (await newestLater(db, { id })).rows[0],

    /** When the first attempt re-taken from this one was submitted; null while none is (what supersedes this one's statements). */
    laterSubmittedAt: async (id: string): Promise<string | null> =>
      (await db.selectFrom('responses').select((eb) => eb.fn.min('submitted_at').as('at'))
        .where('previous_response_id', '=', id).where('status', '=', 'submitted').executeTakeFirst())?.at ?? null,

    async delete(id: string): Promise<boolean> {
      return changed(await db.deleteFrom('responses').where('id', '=', id).executeTakeFirst()) === 1;
    },
  };
}

export type ResponseRepository = ReturnType<typeof createResponseRepository>;
