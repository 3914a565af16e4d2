// Per-value scores, knock-outs and the team (re-take chain) of each submitted response, stored at
// submit time so the cohort overview aggregates without rescoring.
import type { ScoreResult } from '../../core/scoring.js';
import type { DB } from '../db/database.js';

/** value id → [score (unrounded) or null, status] */
export type StoredValues = Record<string, [number | null, string]>;

export function createValueScoreRepository(db: DB) {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO response_scores (response_id, team_id, attempt, value_scores, knockouts) VALUES (?, ?, ?, ?, ?)',
  );
  const previousOf = db.prepare('SELECT previous_response_id FROM responses WHERE id = ?').pluck();
  const teamOf = db.prepare('SELECT team_id, attempt FROM response_scores WHERE response_id = ?');
  // Before migration 004 nothing was stored: the shared ones are filled in at start-up, a programme's
  // others (shared later) when its figures are read. Both use indexes and find nothing once done.
  const missingShared = db.prepare(
    `SELECT r.id FROM responses r WHERE r.status = 'submitted' AND r.programme_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM response_scores s WHERE s.response_id = r.id) ORDER BY r.submitted_at, r.id LIMIT ?`,
  ).pluck();
  const missingIn = db.prepare(
    `SELECT r.id FROM responses r WHERE r.programme_id = ? AND r.status = 'submitted'
       AND NOT EXISTS (SELECT 1 FROM response_scores s WHERE s.response_id = r.id) ORDER BY r.submitted_at, r.id LIMIT ?`,
  ).pluck();
  // The chain's first attempt and how far back it is (bounded: a chain is one team's history).
  const root = db.prepare(
    `WITH RECURSIVE chain(id, prev, depth) AS (
       SELECT id, previous_response_id, 0 FROM responses WHERE id = ?
       UNION ALL
       SELECT r.id, r.previous_response_id, c.depth + 1 FROM responses r JOIN chain c ON r.id = c.prev WHERE c.depth < 50
     )
     SELECT id, depth FROM chain ORDER BY depth DESC LIMIT 1`,
  );
  const valuesOf = db.prepare('SELECT value_scores FROM response_scores WHERE response_id = ?').pluck();

  /**
   * The team of a response: its predecessor's team when that was stored (so a team keeps its id even if
   * its first attempt is deleted later), else the first attempt of its chain.
   */
  function teamFor(responseId: string): { teamId: string; attempt: number } {
    const previous = previousOf.get(responseId) as string | null | undefined;
    if (previous) {
      const t = teamOf.get(previous) as { team_id: string; attempt: number } | undefined;
      if (t) return { teamId: t.team_id, attempt: t.attempt + 1 };
    }
    const first = root.get(responseId) as { id: string; depth: number };
    return { teamId: first.id, attempt: first.depth + 1 };
  }

  return {
    /** Records what the engine computed at submit; idempotent (a second call writes the same). */
    store(responseId: string, result: Pick<ScoreResult, 'values' | 'knockouts'>) {
      const values: StoredValues = Object.fromEntries(result.values.map((v) => [v.id, [v.score, v.status]]));
      const knockouts = result.knockouts.map((k) => [k.question, k.option]);
      const team = teamFor(responseId);
      insert.run(responseId, team.teamId, team.attempt, JSON.stringify(values), JSON.stringify(knockouts));
    },
    /** The stored per-value scores of one response, if any. */
    values(responseId: string): StoredValues | null {
      const raw = valuesOf.get(responseId) as string | undefined;
      return raw ? (JSON.parse(raw) as StoredValues) : null;
    },
    /** Shared responses without stored scores (submitted before migration 004), oldest first. */
    unscoredShared: (limit: number) => missingShared.all(limit) as string[],
    /** The same within one programme. */
    unscoredIn: (programmeId: string, limit: number) => missingIn.all(programmeId, limit) as string[],
  };
}

export type ValueScoreRepository = ReturnType<typeof createValueScoreRepository>;
