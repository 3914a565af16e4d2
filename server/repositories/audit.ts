// The audit log: who changed what and when, for sharing, withdrawal, reviews and status changes.
import type { DB } from '../db/database.js';

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

export function createAuditRepository(db: DB) {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, actor_type, actor_id, action, programme_id, response_id, detail)
     VALUES (@at, @actorType, @actorId, @action, @programmeId, @responseId, @detail)`,
  );
  const forResponse = db.prepare(
    `SELECT a.*, u.email AS actor_email FROM audit_log a LEFT JOIN users u ON a.actor_type = 'user' AND u.id = a.actor_id
     WHERE a.response_id = ? AND a.programme_id = ? ORDER BY a.id LIMIT 500`,
  );

  return {
    record(entry: AuditEntry) {
      insert.run({
        at: new Date().toISOString(),
        actorType: entry.actorType,
        actorId: entry.actorId,
        action: entry.action,
        programmeId: entry.programmeId ?? null,
        responseId: entry.responseId ?? null,
        detail: JSON.stringify(entry.detail ?? {}),
      });
    },
    /** One submission's history within one programme (not what happened to it elsewhere). */
    forSubmission: (responseId: string, programmeId: string) => forResponse.all(responseId, programmeId) as AuditRow[],
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
