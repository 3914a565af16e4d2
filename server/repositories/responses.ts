import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Answers, Locale, Profile, ScoringVersion } from '../../core/types.js';
import type { DB } from '../db/database.js';

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

const newId = () => randomBytes(16).toString('base64url');
const newToken = () => randomBytes(32).toString('base64url');

export function createResponseRepository(db: DB) {
  const insert = db.prepare(
    `INSERT INTO responses (id, token_hash, snapshot_hash, questionnaire_id, area, locale, status, answers, revision, created_at, updated_at, previous_response_id, company_name)
     VALUES (@id, @tokenHash, @snapshotHash, @questionnaireId, @area, @locale, 'open', @answers, 0, @now, @now, @previousResponseId, @companyName)`,
  );
  const byId = db.prepare('SELECT * FROM responses WHERE id = ?');
  // Optimistic: the write only lands on the revision that was read, so a concurrent writer is noticed.
  const writeAnswers = db.prepare(
    `UPDATE responses SET answers = @answers, revision = revision + 1, updated_at = @now, locale = @locale
     WHERE id = @id AND status = 'open' AND revision = @revision
     RETURNING revision, updated_at`,
  );
  const markSubmitted = db.prepare(
    `UPDATE responses SET status = 'submitted', submitted_at = @now, updated_at = @now,
       profile = @profile, goal_score = @goalScore, precondition_score = @preconditionScore,
       completeness = @completeness, knockout_count = @knockoutCount, scoring_version = @scoringVersion
     WHERE id = @id AND status = 'open'`,
  );
  const remove = db.prepare('DELETE FROM responses WHERE id = ?');
  const setCompanyName = db.prepare('UPDATE responses SET company_name = ?, updated_at = ? WHERE id = ?');
  // Earlier submitted attempts, newest first, following the re-take chain (bounded: a chain is a person's history).
  const chain = db.prepare(
    `WITH RECURSIVE earlier(id, depth) AS (
       SELECT previous_response_id, 1 FROM responses WHERE id = ?
       UNION ALL
       SELECT r.previous_response_id, e.depth + 1 FROM responses r JOIN earlier e ON r.id = e.id WHERE e.depth < 50
     )
     SELECT r.* FROM earlier e JOIN responses r ON r.id = e.id WHERE r.status = 'submitted' ORDER BY e.depth`,
  );

  /**
   * One save: optimistic on the revision that was read. When the row changed since (an earlier save
   * in the same batch, or another process), it is read again and merged anew, so no answer is lost.
   */
  function saveOne(row: ResponseRow, changes: Record<string, Answers[string] | null>, locale: Locale): SavedAnswers | undefined {
    let current: ResponseRow | undefined = row;
    for (let attempt = 0; attempt < 5 && current && current.status === 'open'; attempt++) {
      const merged: Answers = JSON.parse(current.answers);
      for (const [question, answer] of Object.entries(changes)) {
        if (answer === null) delete merged[question];
        else merged[question] = answer;
      }
      const written = writeAnswers.get({ id: current.id, answers: JSON.stringify(merged), now: new Date().toISOString(), locale, revision: current.revision }) as
        | { revision: number; updated_at: string }
        | undefined;
      if (written) return { answers: merged, revision: written.revision, updatedAt: written.updated_at };
      current = byId.get(current.id) as ResponseRow | undefined;
    }
    return undefined;
  }

  const pending: Array<{
    row: ResponseRow; changes: Record<string, Answers[string] | null>; locale: Locale;
    resolve: (r: SavedAnswers | undefined) => void; reject: (e: unknown) => void;
  }> = [];
  const writeBatch = db.transaction((batch: typeof pending) => batch.map((s) => saveOne(s.row, s.changes, s.locale)));
  function flush() {
    const batch = pending.splice(0);
    try {
      const results = writeBatch(batch);
      batch.forEach((s, i) => s.resolve(results[i]));
    } catch (err) {
      batch.forEach((s) => s.reject(err));
    }
  }

  return {
    create(input: { snapshotHash: string; questionnaireId: string; area: string; locale: Locale; answers?: Answers; previousResponseId?: string | null; companyName?: string | null }) {
      const id = newId();
      const token = newToken();
      const now = new Date().toISOString();
      insert.run({
        id, tokenHash: hashToken(token), snapshotHash: input.snapshotHash, questionnaireId: input.questionnaireId, area: input.area,
        locale: input.locale, answers: JSON.stringify(input.answers ?? {}), now,
        previousResponseId: input.previousResponseId ?? null, companyName: input.companyName ?? null,
      });
      return { id, token, row: byId.get(id) as ResponseRow };
    },

    find(id: string): ResponseRow | undefined {
      return byId.get(id) as ResponseRow | undefined;
    },

    /**
     * Merges a partial set of answers (null removes one) into the stored ones, starting from the row
     * the caller already read. Saves that arrive in the same turn of the event loop are written in
     * one transaction (group commit): each is acknowledged only once that transaction committed, but
     * they share its cost. Resolves undefined once the response is no longer open.
     */
    saveAnswers(row: ResponseRow, changes: Record<string, Answers[string] | null>, locale: Locale): Promise<SavedAnswers | undefined> {
      return new Promise((resolve, reject) => {
        pending.push({ row, changes, locale, resolve, reject });
        if (pending.length === 1) setImmediate(flush);
      });
    },

    submit(id: string, summary: SubmitSummary): ResponseRow | undefined {
      const result = markSubmitted.run({ id, now: new Date().toISOString(), ...summary });
      return result.changes === 1 ? (byId.get(id) as ResponseRow) : undefined;
    },

    setCompanyName(id: string, name: string | null): ResponseRow {
      setCompanyName.run(name, new Date().toISOString(), id);
      return byId.get(id) as ResponseRow;
    },

    /** The submitted attempts this one was re-taken from, newest first. */
    earlierAttempts(id: string): ResponseRow[] {
      return chain.all(id) as ResponseRow[];
    },

    delete(id: string): boolean {
      return remove.run(id).changes === 1;
    },
  };
}

export type ResponseRepository = ReturnType<typeof createResponseRepository>;
