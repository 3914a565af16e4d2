// Who may do what, as small pure functions of the signed-in person and the thing acted on, so the
// rules can be read in one place and tested without HTTP. Routes answer 404, not 403, when a thing
// outside a person's programmes is asked for, so ids cannot be probed.

export type Role = 'admin' | 'manager' | 'assessor';
export const ROLES: readonly Role[] = ['admin', 'manager', 'assessor'];

export interface Auth {
  userId: string;
  role: Role;
  /** The programmes this person is assigned to. */
  programmeIds: ReadonlySet<string>;
}

/** A submission as far as permissions care: the programme it is shared with, null after withdrawal. */
export interface SubmissionRef {
  programmeId: string | null;
}

const member = (auth: Auth, programmeId: string | null) => programmeId !== null && auth.programmeIds.has(programmeId);

export const canManageUsers = (auth: Auth) => auth.role === 'admin';
/** The mail log holds set-password links and who was mailed: for those who can issue such links anyway. */
export const canReadMail = (auth: Auth) => auth.role === 'admin';
export const canCreateProgramme = (auth: Auth) => auth.role === 'admin';

/** Admins oversee every programme; managers and assessors see the ones they are assigned to. */
export const canViewProgramme = (auth: Auth, programmeId: string) => auth.role === 'admin' || member(auth, programmeId);

/** Change a programme's settings and people; export its submissions. */
export const canManageProgramme = (auth: Auth, programmeId: string) =>
  auth.role === 'admin' || (auth.role === 'manager' && member(auth, programmeId));

/**
 * Only admins create accounts (and so hold set-password links). A manager never learns from the
 * answer whether an email has an account: see canAssign.
 */
export const canInvite = (auth: Auth) => auth.role === 'admin';

/**
 * Whom a person may assign to a programme they manage: admins anyone; a manager only an assessor who
 * already works in one of the manager's programmes (people the manager already sees in member lists).
 * Everyone else, whether or not they have an account, is the admin's to add.
 */
export const canAssign = (auth: Auth, programmeId: string, person: { role: Role; programmeIds: ReadonlySet<string> }) =>
  auth.role === 'admin' ||
  (canManageProgramme(auth, programmeId) && person.role === 'assessor' && [...person.programmeIds].some((id) => auth.programmeIds.has(id)));

export const canViewSubmission = (auth: Auth, s: SubmissionRef) => s.programmeId !== null && canViewProgramme(auth, s.programmeId);

/** Only assessors assigned to the programme write reviews. */
export const canReview = (auth: Auth, s: SubmissionRef) => auth.role === 'assessor' && member(auth, s.programmeId);

export const canChangeReviewStatus = (auth: Auth, s: SubmissionRef) =>
  s.programmeId !== null && (canManageProgramme(auth, s.programmeId) || canReview(auth, s));

/**
 * An assessor sees the other assessors' reviews only after submitting their own, so each judges
 * independently; managers and admins, who do not review, see them all.
 */
export const canSeeOthersReviews = (auth: Auth, s: SubmissionRef, ownReviewSubmitted: boolean) =>
  s.programmeId !== null && (canManageProgramme(auth, s.programmeId) || (canReview(auth, s) && ownReviewSubmitted));

/**
 * The blind-review rule applied to the audit trail. Others' review work (saves, submits) is hidden from
 * an assessor who may not see others' reviews yet; a draft's judgement (review.save detail) is shown
 * only to its author, as drafts are never shown to anyone else. Everything else is shown in full.
 */
export function auditEntryVisibility(auth: Auth, entry: { actorId: string | null; action: string }, seeOthersReviews: boolean): 'full' | 'no-detail' | 'hidden' {
  if ((entry.action !== 'review.save' && entry.action !== 'review.submit') || entry.actorId === auth.userId) return 'full';
  if (!seeOthersReviews) return 'hidden';
  return entry.action === 'review.save' ? 'no-detail' : 'full';
}

/** Everyone on the programme exports; which reviews a row carries follows canSeeOthersReviews. */
export const canExport = (auth: Auth, programmeId: string) => canViewProgramme(auth, programmeId);

/**
 * API keys and webhooks act for the person who created them, so they work only while that person may
 * still manage the programme: taken off it, disabled, or no longer a manager, and their keys stop
 * authenticating and their webhooks stop delivering (access regained, they work again).
 */
export const canActFor = (creator: Auth | null, programmeId: string) => creator !== null && canManageProgramme(creator, programmeId);

/** Sending a failed mail again (reminders part): as reading the log, for the administrators. */
export const canRetryMail = (auth: Auth) => auth.role === 'admin';
/** A startup's address reaches the programme's staff only with the startup's second, separate consent. */
export const canSeeStartupContact = (auth: Auth, submission: SubmissionRef, shownToProgramme: boolean) =>
  shownToProgramme && canViewSubmission(auth, submission);
