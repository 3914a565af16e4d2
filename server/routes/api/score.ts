import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { describeAnswerErrors, validateAnswers } from '../../../core/answers.js';
import { score, toScoreResponse } from '../../../core/scoring.js';
import type { Questionnaire } from '../../../core/types.js';
import { badRequest, notFound } from '../../errors.js';
import { AnswersSchema, errorResponses, Id, OpenObject } from '../../schemas/common.js';

const ScoreBody = Type.Object(
  {
    questionnaireId: Type.Optional(Id),
    questionnaire: Type.Optional(OpenObject),
    answers: AnswersSchema,
  },
  { additionalProperties: false, description: 'Exactly one of questionnaireId or questionnaire (a whole questionnaire, validated as files are).' },
);

const Score = Type.Number({ minimum: 0, maximum: 100 });
const Hit = Type.Object({ question: Type.String(), option: Type.String(), values: Type.Array(Type.String()) });
const ScoreResponseSchema = Type.Object({
  questionnaire: Type.Object({ id: Type.String(), version: Type.String() }),
  profile: Type.Union([
    Type.Literal('valuable'), Type.Literal('promising-with-risks'), Type.Literal('careful'), Type.Literal('starting'), Type.Literal('incomplete'),
  ]),
  completeness: Type.Number({ minimum: 0, maximum: 1 }),
  dimensions: Type.Object({
    goal: Type.Object({ score: Type.Union([Score, Type.Null()]) }),
    precondition: Type.Object({ score: Type.Union([Score, Type.Null()]) }),
  }),
  values: Type.Array(Type.Object({
    id: Type.String(),
    dimension: Type.Union([Type.Literal('goal'), Type.Literal('precondition')]),
    score: Type.Union([Score, Type.Null()]),
    status: Type.String(),
  })),
  knockouts: Type.Array(Hit),
  unknownRisks: Type.Array(Hit, { description: 'Chosen options that leave a violation of a precondition not ruled out (step 3)' }),
  profileCapped: Type.Boolean({ description: 'A knock-out or unknown risk took the profile from the P < t column (step 5)' }),
  actions: Type.Array(Type.Object({
    question: Type.String(),
    kind: Type.Union([Type.Literal('knockout'), Type.Literal('unknown-risk'), Type.Literal('improve')]),
    priority: Type.Number({ minimum: 0, description: '(1 − s) × Σ weight × relevance, rounded to three decimals' }),
    advice: Type.Union([Type.Object({ nl: Type.String(), en: Type.String() }), Type.Null()], { description: "The chosen option's advice, else the question's" }),
    instruments: Type.Array(Type.String(), { description: "The question's instrument ids" }),
  }), { description: 'What to do, in the order of step 7: knock-outs, unknown risks, then improvements by priority' }),
  scoringVersion: Type.Integer({ minimum: 1, description: 'The version of docs/scoring.md these figures follow' }),
});

export default async function scoreRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();

  fastify.post('/score', {
    schema: {
      tags: ['scoring'],
      summary: 'Score answers without storing anything',
      description: 'For previews, questionnaire authors and integrations. See docs/scoring.md for every step.',
      body: ScoreBody,
      response: { 200: ScoreResponseSchema, ...errorResponses(400, 404, 413, 429) },
    },
  }, async (request) => {
    const { questionnaireId, questionnaire: inline, answers } = request.body;
    if ((questionnaireId === undefined) === (inline === undefined)) {
      throw badRequest('body must have exactly one of questionnaireId or questionnaire');
    }
    let q: Questionnaire;
    if (inline) {
      const faults = fastify.catalog.validate(inline, 'body');
      if (faults.length) {
        const details = faults.map((f) => ({ pointer: `/questionnaire${f.pointer}`, message: f.message }));
        throw badRequest(`invalid questionnaire: ${details.map((d) => `${d.pointer}: ${d.message}`).join('; ')}`, details);
      }
      q = inline as unknown as Questionnaire;
    } else {
      const loaded = fastify.catalog.questionnaires.get(questionnaireId!);
      if (!loaded) throw notFound(`no questionnaire "${questionnaireId}"`);
      q = loaded.document;
    }
    const errors = validateAnswers(q, answers);
    if (errors.length) throw badRequest(describeAnswerErrors(errors), errors);
    return toScoreResponse(score(q, answers, fastify.catalog.values));
  });
}
