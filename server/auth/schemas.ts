// TypeBox schemas of the staff API (accounts, programmes, submissions, reviews).
import { Type } from 'typebox';
import { Id } from '../schemas/common.js';
import { PASSWORD_MAX } from './password.js';
import { JOIN_CODE_PATTERN } from './tokens.js';

export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });
export const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX });
export const Secret = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'A 256-bit token, base64url' });
export const RecordId = Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' });
export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('manager'), Type.Literal('assessor'), Type.Literal('editor')]);
/** The roles that work in programmes; an editor writes questionnaires and is never a programme member. */
export const ProgrammeRoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('manager'), Type.Literal('assessor')]);
export const PersonName = Type.String({ maxLength: 120 });
export const JoinCode = Type.String({ pattern: JOIN_CODE_PATTERN, description: 'A programme\'s join code' });
export const JoinCodeInput = Type.String({ minLength: 1, maxLength: 20, description: 'A join code as typed: case, spaces and dashes are forgiven' });
export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const User = Type.Object({
  id: RecordId,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  /** False until the person set a password through their link. */
  active: Type.Boolean(),
  disabled: Type.Boolean(),
  createdAt: Timestamp,
});

export const Session = Type.Object({
  user: User,
  csrfToken: Type.String({ description: 'Send as x-csrf-token on every write while signed in' }),
});

export const PasswordLink = Type.Object({
  setPasswordPath: Type.String({ description: 'Client path with the one-time token in the fragment: /staff/set-password#<token>' }),
  expiresAt: Timestamp,
});

export const Locale = Type.Union([Type.Literal('nl'), Type.Literal('en')]);

/** What became of a mail the request wrote; null when none was written (the recipient's hourly bound). */
export const MailOutcome = Type.Union([Type.Object({
  state: Type.Union([Type.Literal('queued'), Type.Literal('outbox'), Type.Literal('failed')], { description: 'queued: being sent over SMTP; outbox: no mail server configured, an admin can read it under /api/mail; failed: not written, see error' }),
  error: Type.Union([Type.String(), Type.Null()]),
}), Type.Null()]);

export const AreaList = Type.Array(Id, { minItems: 1, maxItems: 10, uniqueItems: true });
export const Kind = Type.Union([Type.Literal('subsidy'), Type.Literal('cohort')]);

export const Programme = Type.Object({
  id: RecordId,
  name: Type.String(),
  kind: Kind,
  areas: Type.Array(Type.String()),
  joinCode: Type.String(),
  joinPath: Type.String(),
  deadline: NullableTimestamp,
  submissionCount: Type.Integer(),
  createdAt: Timestamp,
  reviewsNeeded: Type.Integer({ minimum: 1, maximum: 10, description: 'Submitted reviews a submission needs before a decision' }),
  showDecisionToStartups: Type.Boolean({ description: 'Whether the startup sees the decision and its rationale on its report page' }),
  open: Type.Boolean({ description: 'False after the deadline or while archived: startups cannot share or withdraw' }),
  archived: Type.Boolean({ description: 'Archived: hidden from the list by default, read-only until un-archived' }),
});

export const ProgrammeDetail = Type.Object({ ...Programme.properties, members: Type.Array(User) });

export const ReviewStatusSchema = Type.Union([Type.Literal('submitted'), Type.Literal('in_review'), Type.Literal('reviewed')]);
export const JudgementSchema = Type.Union([Type.Literal('positive'), Type.Literal('conditional'), Type.Literal('negative')]);

export const SubmissionSummary = Type.Object({
  id: RecordId,
  name: Type.String(),
  area: Type.String(),
  questionnaireId: Type.String(),
  sharedAt: Timestamp,
  submittedAt: NullableTimestamp,
  profile: Type.Union([Type.String(), Type.Null()]),
  goalScore: Type.Union([Type.Number(), Type.Null()]),
  preconditionScore: Type.Union([Type.Number(), Type.Null()]),
  completeness: Type.Union([Type.Number(), Type.Null()]),
  knockoutCount: Type.Integer(),
  reviewStatus: ReviewStatusSchema,
  reviewsSubmitted: Type.Integer(),
  teamId: Type.String({ description: 'The startup team as this programme knows it: the id of its first attempt shared with the programme (the list\'s ?team= takes it)' }),
  attempt: Type.Integer({ minimum: 1, description: 'This attempt\'s number among the team\'s attempts shared with this programme, from 1' }),
  attemptCount: Type.Integer({ minimum: 1, description: 'How many of the team\'s attempts are shared with this programme' }),
  latestAttempt: Type.Integer({ minimum: 1, description: 'The highest attempt number the team shared with this programme (attempts are numbered among those, so it equals attemptCount)' }),
  latest: Type.Boolean({ description: 'Whether this is the team\'s latest attempt shared with this programme' }),
});

export const ReviewScoresSchema = Type.Record(Id, Type.Object({
  // One decimal at most (checked by the route: JSON Schema's multipleOf 0.1 trips over binary fractions).
  score: Type.Union([Type.Number({ minimum: 0, maximum: 100, description: '0..100, one decimal at most' }), Type.Null()]),
  comment: Type.String({ maxLength: 4000 }),
}, { additionalProperties: false }), { additionalProperties: false, maxProperties: 30 });

export const Review = Type.Object({
  id: RecordId,
  assessor: Type.Object({ id: RecordId, email: Type.String(), name: Type.String() }),
  scores: ReviewScoresSchema,
  judgement: Type.Union([JudgementSchema, Type.Null()]),
  comment: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('submitted')]),
  updatedAt: Timestamp,
  submittedAt: NullableTimestamp,
});

export const AuditEntrySchema = Type.Object({
  at: Timestamp,
  actor: Type.String({ description: 'The staff member\'s email, or "respondent"' }),
  action: Type.String(),
  detail: Type.Record(Type.String(), Type.Unknown()),
});
