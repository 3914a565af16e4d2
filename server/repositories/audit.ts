// The audit log: who changed what and when, for sharing, withdrawal, reviews and status changes.
import type { Kysely } from 'kysely';
import type { Schema } from '../db/schema.js';

export interface AuditEntry {
  actorType: 'user' | 'respondent' | 'system';
  actorId: string | null;
  action: string;
  programmeId?: string | null;
  responseId?: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  at: string;
  actor_type: AuditEntry['actorType'];
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  programme_id: string | null;
  response_id: string | null;
  detail: string;
}

/** Takes the app's database or an open transaction (an entry is written with the change it records). */
export function createAuditRepository(db: Kysely<Schema>) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await db.insertInto('audit_log').values({
        at: new Date().toISOString(),
        actor_type: entry.actorType,
        actor_id: entry.actorId,
        action: entry.action,
        programme_id: entry.programmeId ?? null,
        response_id: entry.responseId ?? null,
        detail: JSON.stringify(entry.detail ?? {}),
      }).execute();
    },
    /**
     * One submission's history within one programme (not what happened to it elsewhere), oldest first:
     * its newest 500 entries, so what happened last is never cut off.
     */
    forSubmission: async (responseId: string, programmeId: string) =>
      ((await db.selectFrom('audit_log as a')
        .leftJoin('users as u', (j) => j.on('a.actor_type', '=', 'user').onRef('u.id', '=', 'a.actor_id'))
        .selectAll('a').select('u.email as actor_email')
        .where('a.response_id', '=', responseId).where('a.programme_id', '=', programmeId)
        .orderBy('a.id', 'desc').limit(500).execute()) as AuditRow[]).reverse(),
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
