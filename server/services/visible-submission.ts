// The one way a staff route looks up a submission: found, shared with a programme, and in one of this
// person's programmes; otherwise 404, the same answer as for an id that does not exist or was
// withdrawn, so a route never tells outsiders that a submission exists.
import { canViewSubmission, type Auth } from '../auth/permissions.js';
import { notFound } from '../errors.js';
import type { ProgrammeRepository, SubmissionRow } from '../repositories/programmes.js';

export type VisibleSubmission = SubmissionRow & { programme_id: string };

export async function visibleSubmission(programmes: ProgrammeRepository, auth: Auth, id: string): Promise<VisibleSubmission> {
  const s = await programmes.submission(id);
  if (!s || !canViewSubmission(auth, { programmeId: s.programme_id })) throw notFound('submission-not-found', 'no submission with this id in your programmes');
  return s as VisibleSubmission;
}
