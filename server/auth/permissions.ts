// Who may do what, as small pure functions of the signed-in person and the thing acted on, so the
// rules can be read in one place and tested without HTTP. Routes answer 404, not 403, when a thing
// outside a person's programmes is asked for, so ids cannot be probed.

export type Role = 'admin' | 'manager' | 'assessor' | 'editor';
export const ROLES: readonly Role[] = ['admin', 'manager', 'assessor', 'editor'];

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

/**
 * Membership counts for the programme roles only. An editor is never a programme member, but an admin
 * may change a member's role to editor, and the membership row stays: it must open nothing then.
 */
const member = (auth: Auth, programmeId: string | null) =>
  (auth.role === 'manager' || auth.role === 'assessor') && programmeId !== null && auth.programmeIds.has(programmeId);

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
const BLIND_ACTIONS = new Set(['review.save', 'review.submit', 'verdict.save']);
export function auditEntryVisibility(auth: Auth, entry: { actorId: string | null; action: string }, seeOthersReviews: boolean): 'full' | 'no-detail' | 'hidden' {
  if (entry.actorId === auth.userId) return 'full';
  // A decision weighs the reviews: it is as blind as they are (issue 14, item 4).
  if (entry.action.startsWith('decision.')) return seeOthersReviews ? 'full' : 'hidden';
  if (!BLIND_ACTIONS.has(entry.action)) return 'full';
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

// Clarifications (issue 14, item 3).

/** Per-question verdicts are review work: written by the programme's assessors only. */
export const canGiveVerdict = (auth: Auth, s: SubmissionRef) => canReview(auth, s);

/**
 * Another assessor's verdicts follow the blind-review rule of reviews: seen once one's own review is
 * submitted; managers and admins see all. Requests sent to the startup are not verdicts in this sense:
 * once sent they are shared with everyone on the programme (canReadClarifications).
 */
export const canSeeOthersVerdicts = (auth: Auth, s: SubmissionRef, ownReviewSubmitted: boolean) => canSeeOthersReviews(auth, s, ownReviewSubmitted);

/** Threads, the startup's answers, files and corrections: everyone who may see the submission. */
export const canReadClarifications = (auth: Auth, s: SubmissionRef) => canViewSubmission(auth, s);
/**
 * "What changed since you reviewed" (attempts): only an assessor of the programme has reviews of their
 * own to compare with, and only their own is ever used, so the blind-review rule holds; managers and
 * admins, who write none, get nothing here (they see all reviews on the submission itself).
 */
export const canCompareWithOwnReview = (auth: Auth, s: SubmissionRef) => canReview(auth, s);
// ---- Assignment, quorum and decisions (issue 14, item 4) ----

/** Assigning reviews is part of running the programme: its managers and admins. */
export const canAssignReviews = (auth: Auth, programmeId: string) => canManageProgramme(auth, programmeId);

/** A decision is the programme's: recorded by its managers (and admins), never by an assessor. */
export const canDecide = (auth: Auth, s: SubmissionRef) => s.programmeId !== null && canManageProgramme(auth, s.programmeId);

/**
 * The decision page and the decision itself follow the blind-review rule: managers and admins always;
 * an assessor of the programme only once their own review is submitted, as knowing the outcome (or
 * others' scores) would colour a review still being written.
 */
export const canSeeDecision = (auth: Auth, s: SubmissionRef, ownReviewSubmitted: boolean) => canSeeOthersReviews(auth, s, ownReviewSubmitted);
// ---- Accounts and programmes (issue 14: staff walkthrough defects 10 and 23) ----

/**
 * Issuing a pending invitation again: admins for anyone on a programme, managers for the assessors of
 * their own programmes (the people they already see there). The link itself goes only to admins
 * (canInvite); a manager's re-issue is mailed to the invitee, so a manager never holds a link that
 * would let them sign in as someone else.
 */
export const canReissueInvitation = (auth: Auth, programmeId: string, person: { role: Role }) =>
  canManageProgramme(auth, programmeId) && (auth.role === 'admin' || person.role === 'assessor');

/** Archiving hides a programme and makes it read-only; those who manage it may, and may undo it. */
export const canArchiveProgramme = (auth: Auth, programmeId: string) => canManageProgramme(auth, programmeId);

/**
 * Taking a submission off a programme at the startup's request (after the deadline the startup cannot
 * withdraw it itself). Only the share ends; the startup's own test and report stay theirs.
 */
export const canRemoveSubmission = (auth: Auth, programmeId: string) => canManageProgramme(auth, programmeId);
/** Sending a failed mail again (reminders part): as reading the log, for the administrators. */
export const canRetryMail = (auth: Auth) => auth.role === 'admin';
/**
 * A startup's address reaches the programme's staff only with the startup's second, separate consent,
 * and only the programme it gave that consent for (the one its address names, when it names one): the
 * address follows the team to later attempts and shares, the consent does not.
 */
export const canSeeStartupContact = (auth: Auth, submission: SubmissionRef, consent: { shown: boolean; programmeId: string | null }) =>
  consent.shown && (consent.programmeId === null || consent.programmeId === submission.programmeId) && canViewSubmission(auth, submission);

// ---- Questionnaire versions (issue 17, docs/editor.md) ----

/**
 * Questionnaire content is written by editors; administrators may too. Nobody else, not even a
 * programme's manager: what respondents are asked is the same in every programme.
 */
export const canEditContent = (auth: Auth) => auth.role === 'editor' || auth.role === 'admin';

/**
 * Four eyes: a version is approved by someone other than whoever last changed it or submitted it for
 * review. Taking over another's draft by saving it makes one its author too.
 */
export const canApproveVersion = (auth: Auth, version: { updatedBy: string | null; submittedBy: string | null }) =>
  canEditContent(auth) && auth.userId !== version.updatedBy && auth.userId !== version.submittedBy;
