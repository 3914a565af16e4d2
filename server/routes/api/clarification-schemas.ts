// Shapes of the clarification routes (staff and startup side).
import { Type } from 'typebox';
import { RecordId, Timestamp } from '../../auth/schemas.js';
import { MAX_LINK_LENGTH, MAX_LINKS } from '../../clarify/files.js';
import { AnswerSchema, Id, OpenObject } from '../../schemas/common.js';

export const VerdictKind = Type.Union([Type.Literal('accepted'), Type.Literal('clarification'), Type.Literal('evidence')]);
export const VerdictBody = Type.Object({
  verdict: VerdictKind,
  message: Type.Optional(Type.String({ maxLength: 2000, description: 'Required for clarification and evidence: what the startup should clarify or prove' })),
}, { additionalProperties: false });

const FileInfo = Type.Object({ id: RecordId, name: Type.String(), contentType: Type.String(), size: Type.Integer() });

export const Message = Type.Object({
  id: RecordId,
  author: Type.Object({
    kind: Type.Union([Type.Literal('assessor'), Type.Literal('startup')]),
    id: Type.Optional(Type.Union([RecordId, Type.Null()])), name: Type.Optional(Type.String()), email: Type.Optional(Type.String()),
  }, { description: 'Staff see which assessor asked; the startup sees only that the programme did' }),
  kind: Type.Union([Type.Literal('clarification'), Type.Literal('evidence'), Type.Null()]),
  text: Type.String(),
  links: Type.Array(Type.String()),
  file: Type.Union([FileInfo, Type.Null()]),
  revision: Type.Union([Type.Integer(), Type.Null()], { description: 'The answer revision a correction in this message created' }),
  at: Timestamp,
});

export const Thread = Type.Object({
  id: RecordId, questionId: Id,
  kind: Type.Union([Type.Literal('clarification'), Type.Literal('evidence')]),
  state: Type.Union([Type.Literal('open'), Type.Literal('answered')]),
  createdAt: Timestamp, updatedAt: Timestamp,
  messages: Type.Array(Message),
});

export const ClarificationView = Type.Object({
  canGiveVerdicts: Type.Boolean(),
  verdicts: Type.Array(Type.Object({
    questionId: Id, verdict: VerdictKind, message: Type.String(), updatedAt: Timestamp, own: Type.Boolean(),
    assessor: Type.Object({ id: RecordId, name: Type.String(), email: Type.String() }),
  })),
  verdictsHidden: Type.Integer({ description: 'Verdicts by other assessors not shown until this assessor submits their review' }),
  threads: Type.Array(Thread),
  revisions: Type.Array(Type.Object({
    number: Type.Integer({ description: '0 is the answers as this programme was given them (at: when it was shared); then this programme\'s own corrections, 1, 2, …' }),
    at: Timestamp, threadId: Type.Union([RecordId, Type.Null()]),
    changes: Type.Array(OpenObject, { description: '{ question, from, to }: what this correction changed' }),
    scores: OpenObject,
    before: Type.Union([OpenObject, Type.Null()], { description: 'The scores just before this correction; null for 0, and for the oldest shown when there are more than 500 (the newest 500 are shown)' }),
  })),
  optionLabels: Type.Record(Type.String(), Type.Record(Type.String(), Type.Object({ nl: Type.String(), en: Type.String() })), {
    description: 'Per corrected question, its options\' labels: the changes name options by id',
  }),
});

export const StartupRequests = Type.Object({
  programme: Type.Union([Type.Object({ name: Type.String() }), Type.Null()]),
  open: Type.Integer(),
  threads: Type.Array(Thread),
});

export const AnswerBody = Type.Object({
  text: Type.String({ maxLength: 5000 }),
  links: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: MAX_LINK_LENGTH }), { maxItems: MAX_LINKS })),
  fileId: Type.Optional(RecordId),
  correction: Type.Optional(AnswerSchema),
}, { additionalProperties: false });
