// The action plan's shapes (issue 16): what a plan route takes and answers, and what an import reads
// back from a JSON export's "plan".
import { Type } from 'typebox';
import { Id } from './common.js';
import { ResponseParams } from './responses.js';

export const PlanStatusSchema = Type.Union([Type.Literal('open'), Type.Literal('in_progress'), Type.Literal('done'), Type.Literal('dropped')]);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ItemParams = Type.Object({ id: ResponseParams.properties.id, questionId: Id });
export const PlanBody = Type.Object({
  owner: Type.Optional(Type.String({ maxLength: 120 })),
  dueDate: Type.Optional(Nullable(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' }))),
  status: Type.Optional(PlanStatusSchema),
  dropReason: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
  evidenceUrl: Type.Optional(Nullable(Type.String({ maxLength: 500, pattern: '^https?://', description: 'An http(s) address' }))),
}, { additionalProperties: false });

/** A plan item as a JSON export carries it (GET …/export.json, "plan"): the fields a plan route takes and what it was adopted as. */
export const ImportedPlanItem = Type.Object({
  questionId: Id,
  kind: Type.Optional(Type.String({ maxLength: 40 })),
  values: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  ...PlanBody.properties,
}, { additionalProperties: true });

export const PlanItem = Type.Object({
  id: Type.String(),
  questionId: Type.String(),
  prompt: Type.String(),
  kind: Type.String({ description: 'The action\'s kind when adopted: knockout, unknown-risk or improve' }),
  values: Type.Array(Type.String()),
  owner: Type.String(),
  dueDate: Type.Union([Type.String(), Type.Null()]),
  status: PlanStatusSchema,
  dropReason: Type.Union([Type.String(), Type.Null()]),
  note: Type.String(),
  evidenceUrl: Type.Union([Type.String(), Type.Null()]),
  carriedFrom: Type.Union([Type.String(), Type.Null()], { description: 'The item of the previous attempt this one was carried over from' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  overdue: Type.Boolean(),
  onActionList: Type.Boolean(),
  change: Type.Union([Type.Object({ kind: Type.String(), before: Type.Union([Type.String(), Type.Null()]), after: Type.Union([Type.String(), Type.Null()]) }), Type.Null()],
    { description: 'How the question\'s answer changed since the previous attempt, in the reader\'s words' }),
  valueChanges: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), score: Type.Union([Type.Number(), Type.Null()]), change: Type.Union([Type.Number(), Type.Null()]) })),
  suggestDone: Type.Boolean({ description: 'The question now scores full marks: the action looks done' }),
});
export const PlanSchema = Type.Object({
  previousAttempt: Type.Union([Type.Object({ id: Type.String(), submittedAt: Type.String() }), Type.Null()]),
  items: Type.Array(PlanItem),
});
