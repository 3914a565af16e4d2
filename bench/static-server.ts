// Serves the built SurveyJS comparison page and its questionnaire JSON, as the app serves its own.
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const root = process.env.STATIC_ROOT!;
const survey = readFileSync(process.env.SURVEY_JSON!, 'utf8');
const fastify = Fastify();
await fastify.register(fastifyStatic, { root });
fastify.get('/survey.json', async (_req, reply) => reply.type('application/json').header('cache-control', 'no-cache').send(survey));
await fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
