// Who may see a programme's cohort and integration settings: its managers and the administrators.
// Outside one's programmes the answer is 404, as for an id that does not exist; assessors get 403.
import type { Auth } from '../auth/permissions.js';
import { canManageProgramme, canViewProgramme } from '../auth/permissions.js';
import { conflict, forbidden, notFound } from '../errors.js';
import type { ProgrammeRepository, ProgrammeRow } from '../repositories/programmes.js';

export async function managedProgramme(programmes: ProgrammeRepository, auth: Auth, id: string): Promise<ProgrammeRow> {
  const p = await programmes.find(id);
  if (!p || !canViewProgramme(auth, p.id)) throw notFound('programme-not-found', 'no programme with this id among yours');
  if (!canManageProgramme(auth, p.id)) throw forbidden('only the programme\'s managers and administrators see this');
  return p;
}

/**
 * The same, for a change: an archived programme is read-only (docs/accounts.md), so it takes no new
 * sites, keys or webhooks. Revoking and removing stay open, so a leaked key can always be stopped.
 */
export async function writableManagedProgramme(programmes: ProgrammeRepository, auth: Auth, id: string): Promise<ProgrammeRow> {
  const p = await managedProgramme(programmes, auth, id);
  if (p.archived_at) throw conflict('programme-archived', 'this programme is archived and read-only; un-archive it first');
  return p;
}
