// What deleting a response means once it may be shared with a programme. Until the programme's
// deadline a startup may take its test back, so deleting is withdrawing (the same audit entry and
// submission.withdrawn webhook as the withdraw route) followed by the deletion. After the deadline
// the programme is entitled to what was shared with it (withdrawing is closed then too), so the
// deletion is refused with a message naming the programme and its deadline. Every deletion is in
// the audit log, without personal data: the response id, the programme if any, nothing typed.
import { pastDeadline } from '../auth/views.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';
import { takeTurn } from '../db/dialect.js';
import { HttpError, type ErrorCode } from '../errors.js';
import { createAttestationRepository } from '../repositories/attestations.js';
import { createAuditRepository } from '../repositories/audit.js';
import { createProgrammeRepository, type ProgrammeRow } from '../repositories/programmes.js';
import type { ResponseRow } from '../repositories/responses.js';
import type { WebhookEvent } from '../repositories/webhooks.js';

export const SHARED_AFTER_DEADLINE = 'shared-after-deadline' satisfies ErrorCode;

// In UTC whatever offset the deadline was given with (it is stored as sent).
const deadlineText = (deadline: string) => {
  const iso = new Date(deadline).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
};

export function sharedAfterDeadline(p: ProgrammeRow): HttpError {
  return new HttpError(
    409,
    SHARED_AFTER_DEADLINE,
    `this test is shared with the programme "${p.name}", whose deadline passed on ${deadlineText(p.deadline!)}; ` +
      'the programme keeps what was shared with it, so the test cannot be deleted. Ask the programme to remove it.',
  );
}

export interface ResponseDeletionDeps {
  db: Kysely<Schema>;
  /** Queues a webhook event for the programme in the transaction (integration plugin); the number queued. */
  emit: (programmeId: string, event: WebhookEvent, data: Record<string, unknown>, within: Kysely<Schema>) => Promise<number>;
  /** Delivers what was queued, once it committed. */
  kick: () => void;
  /** Takes the response out of the peer pool in the transaction, keeping its place when released (integration plugin). */
  leavePool: (responseId: string, within: Kysely<Schema>) => Promise<void>;
  /** The cohort's threshold and step (COHORT_MIN_GROUP): a released share keeps its place when it ends. */
  cohortStep: number;
}

export function createResponseDeletion(deps: ResponseDeletionDeps) {
  // One transaction: the withdrawal, its webhook event and the deletion happen together or not at all.
  const remove = (row: ResponseRow, now: Date) => deps.db.transaction().execute(async (trx): Promise<number> => {
    // First the response's row: a statement being stored about it waits (attestations.ts), and finds it gone.
    await takeTurn(trx, 'responses', row.id);
    const programmes = createProgrammeRepository(trx);
    const audit = createAuditRepository(trx);
    let queued = 0;
    const shared = await programmes.submission(row.id);
    const p = shared?.programme_id ? await programmes.find(shared.programme_id) : undefined;
    if (p && pastDeadline(p, now)) throw sharedAfterDeadline(p);
    // Staff may have taken it off the programme since it was read: their removal was announced already.
    if (p && await programmes.withdraw(row.id, { programmeId: p.id, cohortStep: deps.cohortStep })) {
      await audit.record({ actorType: 'respondent', actorId: null, action: 'submission.withdraw', programmeId: p.id, responseId: row.id });
      queued = await deps.emit(p.id, 'submission.withdrawn', { submission: { id: row.id } }, trx);
    }
    await audit.record({ actorType: 'respondent', actorId: null, action: 'response.delete', programmeId: p?.id ?? null, responseId: row.id, detail: { status: row.status } });
    // Its signed statements say "withdrawn" from now on, and keep nothing of it.
    await createAttestationRepository(trx).withdraw(row.id, now.toISOString());
    // Before the delete, whose cascade would take the pool's row without leaving its place.
    await deps.leavePool(row.id, trx);
    await trx.deleteFrom('responses').where('id', '=', row.id).execute();
    return queued;
  });

  return {
    /** Deletes the response (withdrawing it first when shared); 409 shared-after-deadline when the programme keeps it. */
    async delete(row: ResponseRow, now = new Date()): Promise<void> {
      if (await remove(row, now)) deps.kick();
    },
  };
}

export type ResponseDeletion = ReturnType<typeof createResponseDeletion>;
