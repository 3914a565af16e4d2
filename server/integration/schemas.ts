// TypeBox schemas of the cohort, API key, webhook and embed routes.
import { Type } from 'typebox';
import { NullableTimestamp, RecordId, Timestamp } from '../auth/schemas.js';
import { Id } from '../schemas/common.js';
import { WEBHOOK_EVENTS } from '../repositories/webhooks.js';
import { CohortPeersSchema, PlanProgressSchema } from '../schemas/peers.js';

const Num = Type.Union([Type.Number(), Type.Null()]);
const Counts = Type.Record(Type.String(), Type.Integer());

export const DistributionSchema = Type.Object({
  n: Type.Integer(), median: Num, q1: Num, q3: Num,
  iqr: Type.Union([Type.Number(), Type.Null()], { description: 'Interquartile range q3 − q1' }),
});

const Group = {
  n: Type.Integer({ description: 'Teams with a score here' }),
  suppressed: Type.Boolean({ description: 'True when fewer teams than the threshold have a score here: no figures' }),
  distribution: Type.Union([DistributionSchema, Type.Null()]),
  statuses: Type.Union([Counts, Type.Null()]),
};

const ProgressPart = Type.Union([Type.Object({
  ...DistributionSchema.properties, improved: Type.Integer(), unchanged: Type.Integer(), declined: Type.Integer(),
}), Type.Null()]);

export const CohortSchema = Type.Object({
  programme: Type.Object({ id: RecordId, name: Type.String() }),
  area: Type.Union([Type.String(), Type.Null()]),
  threshold: Type.Integer({ description: 'k: figures change in steps of at least k teams per area; an area with fewer is in no figure' }),
  teams: Type.Integer({ description: 'Teams (re-take chains) in the group now; each counts once' }),
  submissions: Type.Integer({ description: 'Attempts in the group shared with the programme now' }),
  suppressed: Type.Boolean({ description: 'True when no figure can be released for this group' }),
  reason: Type.Union([Type.Literal('cohort-group-too-small'), Type.Null()]),
  released: Type.Object({
    teams: Type.Integer({ description: 'Teams the figures describe' }),
    submissions: Type.Integer({ description: 'Shares the figures describe' }),
    at: NullableTimestamp,
    pending: Type.Integer({ description: 'Shares since, waiting for the next step' }),
  }),
  profiles: Type.Union([Counts, Type.Null()]),
  dimensions: Type.Array(Type.Object({ id: Type.String(), ...Group })),
  values: Type.Array(Type.Object({ id: Type.String(), dimension: Type.String(), ...Group })),
  knockouts: Type.Union([Type.Array(Type.Object({
    question: Type.String(), option: Type.String(), count: Type.Integer(),
    questionText: Type.Optional(Type.Object({ nl: Type.String(), en: Type.String() }, { description: 'The question as the questionnaire asks it; absent when no current questionnaire has the question' })),
    optionLabel: Type.Optional(Type.Object({ nl: Type.String(), en: Type.String() }, { description: 'The chosen answer in words' })),
  })), Type.Null()]),
  progress: Type.Object({
    teams: Type.Integer({ description: 'Teams with two or more attempts' }),
    suppressed: Type.Boolean(),
    goal: ProgressPart,
    precondition: ProgressPart,
  }),
  peers: CohortPeersSchema,
  plans: PlanProgressSchema,
  teamList: Type.Optional(Type.Array(Type.Object({
    id: Type.String(), name: Type.String(), attempts: Type.Integer(), latestAt: Timestamp,
    reviewStatus: Type.Union([Type.String(), Type.Null()], { description: 'The review status of the team\'s latest attempt shared with the programme' }),
  }))),
});

export const CohortQuery = Type.Object({ area: Type.Optional(Id) }, { additionalProperties: false });

export const TeamSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  attempts: Type.Array(Type.Object({
    id: RecordId, attempt: Type.Integer(), area: Type.String(), submittedAt: Timestamp, profile: Type.Union([Type.String(), Type.Null()]),
    goal: Num, precondition: Num, completeness: Num, knockoutCount: Type.Union([Type.Integer(), Type.Null()]),
    values: Type.Record(Type.String(), Type.Object({ score: Num, status: Type.String() })),
  })),
  change: Type.Union([Type.Object({ goal: Num, precondition: Num, values: Type.Record(Type.String(), Num) }), Type.Null()]),
});

const Creator = {
  createdBy: Type.Union([Type.Object({ id: RecordId, email: Type.String(), name: Type.String() }), Type.Null()], { description: 'Who created it; null when that account no longer exists' }),
  creatorHasAccess: Type.Boolean({ description: 'False when its creator no longer manages the programme: it then does not work (see docs/integration.md)' }),
};

export const ApiKeySchema = Type.Object({
  id: RecordId, name: Type.String(), prefix: Type.String({ description: 'The first characters of the key, to tell keys apart' }),
  createdAt: Timestamp, lastUsedAt: NullableTimestamp, revokedAt: NullableTimestamp, ...Creator,
});

export const WebhookEventSchema = Type.Union(WEBHOOK_EVENTS.map((e) => Type.Literal(e)));

export const WebhookSchema = Type.Object({
  id: RecordId, url: Type.String(), events: Type.Array(Type.String()), createdAt: Timestamp, revokedAt: NullableTimestamp, ...Creator,
});

export const DeliverySchema = Type.Object({
  id: RecordId, event: Type.String(), state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(), nextAttemptAt: NullableTimestamp, lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()], { description: 'What the log stored, in English' }),
  reason: Type.Union([
    Type.Literal('http-status'), Type.Literal('unreachable'), Type.Literal('webhook-removed'), Type.Literal('creator-lost-access'),
    Type.Literal('withdrawn'), Type.Literal('other'), Type.Null(),
  ], {
    description: 'lastError as a stable code: http-status (see lastStatus), unreachable, webhook-removed, creator-lost-access, withdrawn (the submission was withdrawn before delivery), other',
  }),
  createdAt: Timestamp, deliveredAt: NullableTimestamp,
});

export const EmbedSettings = Type.Object({
  origins: Type.Array(Type.String()),
  embedPath: Type.String({ description: 'The page that is framed: /embed/<code>' }),
  scriptPath: Type.String({ description: 'The script a host page includes: /embed.js' }),
});
