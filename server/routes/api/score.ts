import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { describeAnswerErrors, validateAnswers } from '../../../core/answers.js';
import { score, toScoreResponse } from '../../../core/scoring.js';
import type { Questionnaire } from '../../../core/types.js';
import { badRequest, HttpError, notFound } from '../../errors.js';
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

/** Room for the answers beside the largest inline questionnaire: far beyond any real answer set. */
const ANSWERS_ALLOWANCE = 256 * 1024;

export default async function scoreRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const limit = fastify.config.inlineQuestionnaireLimit;

  // An inline questionnaire is checked in a worker thread with a time budget (inline-check.ts), after
  // a size cap well below the body limit; only the first faults are reported, clipped.
  async function scoreInline(client: string, contentLength: string | undefined, inline: object, answers: unknown) {
    // Measured only when the body as a whole could exceed the cap: most bodies are far smaller.
    if (contentLength === undefined || Number(contentLength) > limit) {
      const size = Buffer.byteLength(JSON.stringify(inline));
      if (size > limit) {
        throw new HttpError(413, 'questionnaire-too-large', `an inline questionnaire may be at most ${Math.floor(limit / 1024)} KiB as JSON; this one is ${Math.ceil(size / 1024)} KiB`);
      }
    }
    const outcome = await fastify.inlineChecker.check(client, inline, answers);
    if (outcome.kind === 'scored') return outcome.result;
    if (outcome.kind === 'answers') throw badRequest('invalid-answers', outcome.message, outcome.details);
    const shown = outcome.total > outcome.details.length ? ` (${outcome.total} faults, the first ${outcome.details.length} shown)` : '';
    throw badRequest('invalid-questionnaire', `invalid questionnaire${shown}: ${outcome.details.map((d) => `${d.pointer}: ${d.message}`).join('; ')}`, outcome.details);
  }

  fastify.post('/score', {
    config: { writesDatabase: false },
    // Bodies far beyond an allowed inline questionnaire are refused from their Content-Length, before
    // they are read or parsed; the answers get room beside the questionnaire.
    bodyLimit: limit + ANSWERS_ALLOWANCE,
    schema: {
      tags: ['scoring'],
      summary: 'Score answers without storing anything',
      description: 'For previews, questionnaire authors and integrations. See docs/scoring.md for every step.',
      body: ScoreBody,
      response: { 200: ScoreResponseSchema, ...errorResponses(400, 404, 413, 429, 503) },
    },
  }, async (request) => {
    const { questionnaireId, questionnaire: inline, answers } = request.body;
    if ((questionnaireId === undefined) === (inline === undefined)) {
      throw badRequest('invalid-request', 'body must have exactly one of questionnaireId or questionnaire');
    }
    if (inline) return scoreInline(request.ip, request.headers['content-length'], inline, answers);
    const loaded = await fastify.served.get(questionnaireId!);
    if (!loaded) throw notFound('questionnaire-not-found', `no questionnaire "${questionnaireId}"`);
    const q: Questionnaire = loaded.document;
    const errors = validateAnswers(q, answers);
    if (errors.length) throw badRequest('invalid-answers', describeAnswerErrors(errors), errors);
    return toScoreResponse(score(q, answers, fastify.catalog.values));
  });
}
