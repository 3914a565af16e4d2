import { Type } from 'typebox';
import { AnswerSchema, AnswersSchema, Id, LocaleQuery, LocaleSchema, OpenObject } from './common.js';

export const ResponseId = Type.String({ pattern: '^[A-Za-z0-9_-]{22}$', description: 'Response id (random, 128 bits)' });
export const ResponseParams = Type.Object({ id: ResponseId });

export const ResponseState = Type.Object({
  id: ResponseId,
  questionnaire: Type.Object({ id: Id, version: Type.String(), area: Id, hash: Type.String() }),
  status: Type.Union([Type.Literal('open'), Type.Literal('submitted')]),
  locale: LocaleSchema,
  answers: AnswersSchema,
  revision: Type.Integer(),
  completeness: Type.Number({ description: 'Share of visible required questions answered, 0..1, three decimals' }),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  companyName: Type.Union([Type.String(), Type.Null()]),
  previousResponseId: Type.Union([ResponseId, Type.Null()], { description: 'The submitted attempt this one was re-taken from' }),
  newerVersion: Type.Optional(Type.Union([Type.Object({ version: Type.String() }), Type.Null()], {
    description: 'GET /responses/{id} only: for an open response, the newer published version of its questionnaire it can move to (POST /responses/{id}/move); null when there is none',
  })),
});

export const MoveBody = Type.Object(
  {
    dryRun: Type.Optional(Type.Boolean({ description: 'true: only say what would be dropped and changed; nothing is stored' })),
    seen: Type.Optional(Type.Object({
      version: Type.String({ maxLength: 40, description: 'The version the dry run named' }),
      dropped: Type.Array(Type.String({ maxLength: 200 }), { maxItems: 2000, description: 'The question ids the dry run said would be dropped' }),
    }, {
      additionalProperties: false,
      description: 'What the respondent saw in the dry run: the move happens only if it still goes to that version and drops nothing more (else 409 move-preview-stale, nothing stored)',
    })),
  },
  { additionalProperties: false },
);
const MovedQuestion = Type.Object({ question: Type.String(), prompt: Type.Union([OpenObject, Type.Null()]), reason: Type.String() });
export const Moved = Type.Object({
  version: Type.String({ description: 'The version the response is (or would be) bound to' }),
  dryRun: Type.Boolean(),
  dropped: Type.Array(MovedQuestion, { description: 'Answers that do not fit the new version (question removed, its type changed, its chosen options gone); prompt in the old words' }),
  changed: Type.Array(MovedQuestion, { description: 'Answers kept that deserve a look: some chosen options removed, or the question reworded; prompt in the new words' }),
  response: Type.Optional(ResponseState),
});

export const SettingsBody = Type.Object(
  { companyName: Type.Union([Type.String({ maxLength: 120 }), Type.Null()], { description: 'Name on the report cover' }) },
  { additionalProperties: false },
);

export const StartBody = Type.Object(
  {
    questionnaireId: Id,
    locale: Type.Optional(LocaleSchema),
    answers: Type.Optional(AnswersSchema),
  },
  { additionalProperties: false },
);

export const Started = Type.Object({
  id: ResponseId,
  token: Type.String({ description: 'Resume token: shown once, stored only as a hash. Send as "Authorization: Bearer <token>".' }),
  resumePath: Type.String({ description: 'Client path that resumes this response on any device (the token travels in the fragment, never to the server logs).' }),
  response: ResponseState,
});

export const RetakeStarted = Type.Object({
  id: ResponseId,
  token: Type.String(),
  resumePath: Type.String(),
  response: ResponseState,
  dropped: Type.Array(Type.String(), { description: 'Question ids whose answers did not fit the current version and were not copied' }),
  droppedPlanItems: Type.Optional(Type.Array(Type.String(), { description: 'Import only: question ids of the file\'s plan items that were not taken over (question gone, invalid fields, or the question twice)' })),
});

export const SaveBody = Type.Object(
  {
    answers: Type.Record(Id, Type.Union([AnswerSchema, Type.Null()]), {
      additionalProperties: false,
      maxProperties: 300,
      description: 'Answers to store, keyed by question id; null removes an answer. Questions not named are left as they are.',
    }),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false },
);

export const Saved = Type.Object({
  revision: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  completeness: Type.Number(),
});

export const ReportQuery = LocaleQuery;
export const AttestationView = Type.Object({
  code: Type.String({ description: 'The short verification code (12 characters; shown as XXXX-XXXX-XXXX)' }),
  jws: Type.String({ description: 'The statement: a compact JWS signed with Ed25519 (alg EdDSA)' }),
  issuedAt: Type.String({ format: 'date-time' }),
  link: Type.String({ description: 'Path of the verification page with the whole statement in its fragment (the QR code)' }),
  shortLink: Type.String({ description: 'Path of the verification page with the code only (status)' }),
});

export const ReportSchema = Type.Object(
  {
    response: Type.Object({
      id: ResponseId, status: Type.String(), submittedAt: Type.Union([Type.String(), Type.Null()]), updatedAt: Type.String(),
      companyName: Type.Union([Type.String(), Type.Null()]),
      newerAttempt: Type.Optional(Type.Union([
        Type.Object({ id: ResponseId, startedAt: Type.String(), status: Type.String() }),
        Type.Null(),
      ], { description: 'The newest attempt re-taken from this one (only in the token holder\'s own report)' })),
    }),
    questionnaire: OpenObject,
    locale: LocaleSchema,
    scoringVersion: Type.Integer({ minimum: 1, description: 'The version of docs/scoring.md that scored it: the one the response was submitted under' }),
    profile: Type.String(),
    profileCapped: Type.Boolean({ description: 'A knock-out or unknown risk took the profile from the P < t column' }),
    uncappedProfile: Type.String({ description: 'The profile G and P alone would give without the cap (step 5), from the unrounded figures; the same as profile when nothing was capped or P < t anyway' }),
    completeness: Type.Number(),
    thresholds: OpenObject,
    dimensions: OpenObject,
    knockouts: Type.Array(OpenObject),
    unknownRisks: Type.Array(OpenObject, { description: 'Chosen options that leave a violation not ruled out, with prompt, answer and message' }),
    actions: Type.Array(OpenObject, { description: 'Step 7: what to do, in order, with the answer that caused it, its advice text and the ids of its instruments' }),
    instruments: Type.Record(Type.String(), Type.Object({ name: Type.String(), description: Type.String(), url: Type.Union([Type.String(), Type.Null()]) }), {
      description: 'Every instrument the report names (in actions, knock-outs and value summaries), once: id → name, description, address',
    }),
    values: Type.Array(OpenObject),
    answers: Type.Array(OpenObject),
    history: Type.Array(OpenObject, { description: 'Earlier submitted attempts (re-takes), oldest first: id, submittedAt, version, profile, profileCapped, goal, precondition and value scores' }),
    attestation: Type.Optional(Type.Union([AttestationView, Type.Null()], {
      description: 'The signed statement about this report (docs/verification.md): null while the response is open',
    })),
    changes: Type.Union([OpenObject, Type.Null()], {
      description: 'The answers that differ from the latest earlier attempt, per section, old and new in the reader\'s words (kind: changed, answered, cleared, new-question, removed-question); null without an earlier attempt. Only in the respondent\'s own report and exports.',
    }),
  },
  { description: 'The report: profile, dimension and value scores with the answers that make them up, knock-outs, unknown risks, the action list and recommendations, in one locale.' },
);
