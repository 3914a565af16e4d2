import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { localize } from '../../../core/localize.js';
import type { Locale } from '../../../core/types.js';
import { notFound } from '../../errors.js';
import { errorResponses, Id, LocaleSchema, OpenObject } from '../../schemas/common.js';

const LocaleQuery = Type.Object(
  { locale: Type.Optional(LocaleSchema) },
  { additionalProperties: false, description: 'Without locale every text is { nl, en }; with it, a plain string in that language.' },
);

export default async function questionnaireRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const inLocale = <T>(doc: T, locale?: Locale) => (locale ? localize(doc, locale) : doc);

  fastify.get('/questionnaires', {
    schema: {
      tags: ['questionnaires'], summary: 'List the questionnaires, one per technology area',
      querystring: LocaleQuery,
      response: {
        200: Type.Array(Type.Object({
          id: Id, version: Type.String(), area: Id,
          title: Type.Unknown(), intro: Type.Unknown(),
          questionCount: Type.Integer(), estimatedMinutes: Type.Integer(),
          quickScan: Type.Union([
            Type.Object({ questionCount: Type.Integer(), estimatedMinutes: Type.Integer() }),
            Type.Null(),
          ], { description: 'The quick scan (questions marked quickScan), or null when the area has none' }),
        })),
        ...errorResponses(400),
      },
    },
  }, async (request) =>
    // The latest published version of each questionnaire; the figures are computed once per content.
    (await fastify.served.all()).map(({ document: q, summary }) => ({
      id: q.id,
      version: q.version,
      area: q.area,
      title: inLocale(q.title, request.query.locale),
      intro: inLocale(q.intro ?? q.title, request.query.locale),
      ...summary,
    })));

  fastify.get('/questionnaires/:id', {
    schema: {
      tags: ['questionnaires'], summary: 'One questionnaire, in one language or both',
      params: Type.Object({ id: Id }),
      querystring: LocaleQuery,
      response: { 200: OpenObject, ...errorResponses(400, 404) },
    },
  }, async (request) => {
    const loaded = await fastify.served.get(request.params.id);
    if (!loaded) throw notFound('questionnaire-not-found', `no questionnaire "${request.params.id}"`);
    return inLocale(loaded.document, request.query.locale);
  });

  fastify.get('/catalogue', {
    schema: {
      tags: ['questionnaires'], summary: 'The value catalogue, the instruments and the source documents',
      querystring: LocaleQuery,
      response: {
        200: Type.Object({ values: Type.Array(OpenObject), instruments: Type.Array(OpenObject), sources: Type.Array(OpenObject) }),
        ...errorResponses(400),
      },
    },
  }, async (request) => {
    const { values, instruments, sources } = fastify.catalog;
    return inLocale({ values, instruments, sources }, request.query.locale) as never;
  });

}
