// The peer comparison (issue 16, item 4) and the cohort's pool and plan figures (items 4 and 5).
import { Type } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SubmitBody = Type.Object(
  {
    peerConsent: Type.Optional(Type.Boolean({
      description: 'Opt in to the anonymous peer pool: the report\'s scores (per dimension and value, nothing else) join the pool of its area and questionnaire major version, replacing the team\'s earlier row. Revoked by deleting the response.',
    })),
  },
  { additionalProperties: false },
);

const BinSchema = Type.Object({
  from: Type.Number({ description: 'Inclusive lower bound' }),
  to: Type.Number({ description: 'Exclusive upper bound (the last bin includes 100)' }),
  count: Type.Integer(),
});

const Figure = {
  score: Nullable(Type.Number({ description: 'This report\'s score, one decimal' })),
  n: Nullable(Type.Integer({ description: 'Pool reports with a score here; null when suppressed' })),
  suppressed: Type.Boolean({ description: 'Fewer than PEER_MIN_POOL reports in the pool have a score here' }),
  percentile: Nullable(Type.Integer({ description: 'Share of the pool scoring lower (ties count half), 0-100' })),
  median: Nullable(Type.Number()),
  bins: Nullable(Type.Array(BinSchema, { description: 'Counts in bins of ten points; bins with fewer than COHORT_MIN_GROUP reports merged' })),
};

export const PeerComparisonSchema = Type.Object({
  area: Type.String(),
  majorVersion: Type.Integer(),
  consented: Type.Boolean({ description: 'This report is in the pool' }),
  available: Type.Boolean(),
  size: Nullable(Type.Integer({ description: 'Released pool size (without this report); null below the threshold' })),
  needed: Type.Integer({ description: 'PEER_MIN_POOL' }),
  dimensions: Nullable(Type.Array(Type.Object({ id: Type.String(), ...Figure }))),
  values: Nullable(Type.Array(Type.Object({ id: Type.String(), dimension: Type.String(), ...Figure }))),
});

export const CohortPeersSchema = Type.Array(Type.Object({
  area: Type.String(),
  majorVersion: Type.Integer(),
  available: Type.Boolean(),
  size: Nullable(Type.Integer()),
  needed: Type.Integer(),
  dimensions: Type.Array(Type.Object({ id: Type.String(), cohort: Nullable(Type.Number()), pool: Nullable(Type.Number()) })),
}), { description: 'Per area in the released cohort: the median per dimension of the cohort\'s latest attempts and of the peer pool (current major version), under the pool threshold' });

export const PlanProgressSchema = Type.Object({
  teams: Type.Integer({ description: 'Teams (latest released attempts) with at least one adopted action' }),
  values: Type.Array(Type.Object({
    id: Type.String(),
    suppressed: Type.Boolean({ description: 'Fewer than COHORT_MIN_GROUP teams have an action for this value' }),
    adopted: Nullable(Type.Integer()),
    done: Nullable(Type.Integer()),
    overdue: Nullable(Type.Integer({ description: 'Due date passed, status open or in progress' })),
  })),
}, { description: 'Action-plan progress over the latest released attempts; the change between first and latest attempt is in "progress"' });
