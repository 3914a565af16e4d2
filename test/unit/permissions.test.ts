import { describe, expect, it } from 'vitest';
import { canAssignReviews, canDecide, canSeeDecision } from '../../server/auth/permissions.js';
import {
  canAssign, canChangeReviewStatus, canCreateProgramme, canExport, canInvite, canManageProgramme, canManageUsers, canReadMail, canReview,
  canSeeOthersReviews, canViewProgramme, canViewSubmission, type Auth, type Role,
  auditEntryVisibility, canGiveVerdict, canReadClarifications, canSeeOthersVerdicts,
} from '../../server/auth/permissions.js';

const P = 'programme-a';
const OTHER = 'programme-b';
const as = (role: Role, programmes: string[] = []): Auth => ({ userId: `u-${role}`, role, programmeIds: new Set(programmes) });
const admin = as('admin');
const manager = as('manager', [P]);
const assessor = as('assessor', [P]);
const strangerManager = as('manager', [OTHER]);
const strangerAssessor = as('assessor', [OTHER]);
const inP = { programmeId: P };
const withdrawn = { programmeId: null };

describe('permissions', () => {
  it('lets only admins manage accounts and create programmes', () => {
    for (const a of [admin, manager, assessor]) {
      expect(canManageUsers(a)).toBe(a === admin);
      expect(canReadMail(a)).toBe(a === admin);
      expect(canCreateProgramme(a)).toBe(a === admin);
    }
  });

  it('shows a programme to admins and to the people assigned to it, no one else', () => {
    expect(canViewProgramme(admin, P)).toBe(true);
    expect(canViewProgramme(manager, P)).toBe(true);
    expect(canViewProgramme(assessor, P)).toBe(true);
    expect(canViewProgramme(strangerManager, P)).toBe(false);
    expect(canViewProgramme(strangerAssessor, P)).toBe(false);
    // An editor's leftover membership (a member whose role was changed) opens nothing.
    expect(canViewProgramme(as('editor', [P]), P)).toBe(false);
    expect(canViewSubmission(as('editor', [P]), inP)).toBe(false);
  });

  it('lets admins and the programme\'s own managers change it; everyone on the programme exports it', () => {
    expect(canManageProgramme(admin, P)).toBe(true);
    expect(canManageProgramme(manager, P)).toBe(true);
    expect(canManageProgramme(assessor, P)).toBe(false);
    expect(canManageProgramme(strangerManager, P)).toBe(false);
    expect(canExport(manager, P)).toBe(true);
    expect(canExport(assessor, P)).toBe(true);
    expect(canExport(strangerAssessor, P)).toBe(false);
    expect(canExport(strangerManager, P)).toBe(false);
  });

  it('lets managers invite assessors to their own programme only; admins invite anyone', () => {
    expect(canInvite(admin)).toBe(true);
    expect(canInvite(manager)).toBe(false);
    expect(canInvite(assessor)).toBe(false);
    // Managers assign only assessors who already work in one of their programmes.
    const colleague = { role: 'assessor' as const, programmeIds: new Set([P]) };
    const outsider = { role: 'assessor' as const, programmeIds: new Set(['elsewhere']) };
    expect(canAssign(admin, P, outsider)).toBe(true);
    expect(canAssign(manager, P, colleague)).toBe(true);
    expect(canAssign(manager, P, outsider)).toBe(false);
    expect(canAssign(manager, P, { role: 'manager', programmeIds: new Set([P]) })).toBe(false);
    expect(canAssign(strangerManager, P, colleague)).toBe(false);
    expect(canAssign(assessor, P, colleague)).toBe(false);
  });

  it('shows a submission only in its programme, and nowhere once withdrawn', () => {
    expect(canViewSubmission(assessor, inP)).toBe(true);
    expect(canViewSubmission(strangerAssessor, inP)).toBe(false);
    expect(canViewSubmission(strangerManager, inP)).toBe(false);
    for (const a of [admin, manager, assessor]) expect(canViewSubmission(a, withdrawn)).toBe(false);
  });

  it('lets only the programme\'s assessors review; its managers and assessors move the status', () => {
    expect(canReview(assessor, inP)).toBe(true);
    expect(canReview(manager, inP)).toBe(false);
    expect(canReview(admin, inP)).toBe(false);
    expect(canReview(strangerAssessor, inP)).toBe(false);
    expect(canReview(assessor, withdrawn)).toBe(false);
    expect(canChangeReviewStatus(assessor, inP)).toBe(true);
    expect(canChangeReviewStatus(manager, inP)).toBe(true);
    expect(canChangeReviewStatus(admin, inP)).toBe(true);
    expect(canChangeReviewStatus(strangerAssessor, inP)).toBe(false);
    expect(canChangeReviewStatus(strangerManager, inP)).toBe(false);
  });

  it('keeps other assessors\' reviews from an assessor until their own is submitted', () => {
    expect(canSeeOthersReviews(assessor, inP, false)).toBe(false);
    expect(canSeeOthersReviews(assessor, inP, true)).toBe(true);
    expect(canSeeOthersReviews(strangerAssessor, inP, true)).toBe(false);
    expect(canSeeOthersReviews(manager, inP, false)).toBe(true);
    expect(canSeeOthersReviews(strangerManager, inP, false)).toBe(false);
  });

  // Clarifications (issue 14, item 3).
  it('lets only the programme\'s assessors give verdicts; others\' verdicts are blind like reviews; threads are for the whole programme', () => {
    expect(canGiveVerdict(assessor, inP)).toBe(true);
    for (const a of [manager, admin, strangerAssessor]) expect(canGiveVerdict(a, inP)).toBe(false);
    expect(canSeeOthersVerdicts(assessor, inP, false)).toBe(false);
    expect(canSeeOthersVerdicts(assessor, inP, true)).toBe(true);
    expect(canSeeOthersVerdicts(manager, inP, false)).toBe(true);
    for (const a of [admin, manager, assessor]) expect(canReadClarifications(a, inP)).toBe(true);
    for (const a of [strangerAssessor, strangerManager]) expect(canReadClarifications(a, inP)).toBe(false);
    expect(canReadClarifications(assessor, withdrawn)).toBe(false);
    const entry = (action: string) => ({ actorId: 'someone-else', action });
    expect(auditEntryVisibility(assessor, entry('verdict.save'), false)).toBe('hidden');
    expect(auditEntryVisibility(assessor, entry('verdict.save'), true)).toBe('full');
    expect(auditEntryVisibility(assessor, entry('clarification.request'), false)).toBe('full');
  });
});

// Issue 14, item 4 (part "decide").

describe('assignment and decisions', () => {
  it('lets the programme\'s managers and admins assign and decide, never assessors or strangers', () => {
    for (const [a, ok] of [[admin, true], [manager, true], [assessor, false], [strangerManager, false], [strangerAssessor, false]] as const) {
      expect(canAssignReviews(a, P)).toBe(ok);
      expect(canDecide(a, inP)).toBe(ok);
    }
    expect(canDecide(manager, withdrawn)).toBe(false);
  });

  it('blind rule: an assessor sees the decision, and its audit entries, only after submitting their own review', () => {
    expect(canSeeDecision(assessor, inP, false)).toBe(false);
    expect(canSeeDecision(assessor, inP, true)).toBe(true);
    expect(canSeeDecision(manager, inP, false)).toBe(true);
    expect(canSeeDecision(strangerAssessor, inP, true)).toBe(false);
    const entry = { actorId: 'u-manager', action: 'decision.record' };
    expect(auditEntryVisibility(assessor, entry, false)).toBe('hidden');
    expect(auditEntryVisibility(assessor, entry, true)).toBe('full');
    expect(auditEntryVisibility(manager, entry, true)).toBe('full');
  });
});
