// API keys and webhooks act for the person who created them (see canActFor in auth/permissions.ts):
// the columns that say who that is and whether they may still manage the programme, read in the same
// query as the key or webhook, and the Auth they amount to.
import { sql } from 'kysely';
import type { Auth, Role } from '../auth/permissions.js';

/** Select-list for a row aliased `t` with created_by and programme_id columns. */
export const CREATOR_COLUMNS = sql.raw(`
  u.email AS creator_email, u.name AS creator_name, u.role AS creator_role, u.disabled_at AS creator_disabled_at,
  EXISTS (SELECT 1 FROM programme_members m WHERE m.programme_id = t.programme_id AND m.user_id = t.created_by) AS creator_member`);
export const CREATOR_JOIN = sql.raw('LEFT JOIN users u ON u.id = t.created_by');

export interface CreatorColumns {
  created_by: string | null;
  programme_id: string;
  creator_email: string | null;
  creator_name: string | null;
  creator_role: Role | null;
  creator_disabled_at: string | null;
  /** 0/1 from SQLite, a boolean from PostgreSQL: read it as truthy. */
  creator_member: 0 | 1 | boolean;
}

/** The creator as far as permissions care; null when the account is gone or disabled. */
export function creatorAuth(row: CreatorColumns): Auth | null {
  if (!row.created_by || !row.creator_role || row.creator_disabled_at) return null;
  return { userId: row.created_by, role: row.creator_role, programmeIds: new Set(row.creator_member ? [row.programme_id] : []) };
}

export const creatorView = (row: CreatorColumns) =>
  row.created_by && row.creator_email !== null ? { id: row.created_by, email: row.creator_email, name: row.creator_name ?? '' } : null;
