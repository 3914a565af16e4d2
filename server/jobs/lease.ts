// Scheduled jobs with exactly one runner per period, however many instances share the database: an
// instance runs a job only after it moved the job's next_run_at forward in one UPDATE that requires
// the job to be due. SQLite has one writer and PostgreSQL re-checks the WHERE on the row it locks,
// so one UPDATE wins and the others change nothing. A runner that dies mid-job simply leaves the
// job to the next period: jobs must be idempotent.
import type { Kysely } from 'kysely';
import { newId } from '../auth/tokens.js';
import { changed } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';

export function createJobRunner(db: Kysely<Schema>) {
  const me = newId();
  return {
    /** Runs `job` when it is due and this runner claimed the period; whether it ran. */
    async runIfDue(name: string, periodMs: number, job: () => Promise<unknown>, now = Date.now()): Promise<boolean> {
      const nowIso = new Date(now).toISOString();
      const next = new Date(now + periodMs).toISOString();
      // The first runner ever creates the row as its claim; the rest claim by moving it forward.
      const created = await db.insertInto('job_leases').values({ name, next_run_at: next, run_by: me })
        .onConflict((oc) => oc.column('name').doNothing()).executeTakeFirst();
      let claimed = changed(created) === 1;
      if (!claimed) {
        claimed = changed(await db.updateTable('job_leases').set({ next_run_at: next, run_by: me })
          .where('name', '=', name).where('next_run_at', '<=', nowIso).executeTakeFirst()) === 1;
      }
      if (claimed) await job();
      return claimed;
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
