// The startup's side of the clarification loop (issue 14, item 3), by its resume token like every
// respondent route: the requests of the programme it is shared with, a file for an answer, the answer
// (text, links, the file, possibly a corrected answer) and its own files back.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { authorizedResponse } from '../../auth/response-token.js';
import { RecordId } from '../../auth/schemas.js';
import { downloadHeaders, MAX_FILE_BYTES } from '../../clarify/files.js';
import { createClarificationService, toMessage } from '../../clarify/service.js';
import { badRequest, notFound } from '../../errors.js';
import { BinaryFile, errorResponses } from '../../schemas/common.js';
import { ResponseParams } from '../../schemas/responses.js';
import { AnswerBody, StartupRequests } from './clarification-schemas.js';

const FILE_TYPES = ['application/octet-stream', 'application/pdf', 'image/png', 'image/jpeg'];

export default async function requestRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const { responses } = fastify.repos;
  const security = [{ resumeToken: [] }];
  // With the programme routes a respondent uses (sharing), so the authorization matrix covers them.
  const tags = ['programmes'];
  const service = createClarificationService({ db: fastify.database.kysely, catalog: fastify.catalog, questionnaireOf: fastify.reports.questionnaireOf, mail: fastify.mail, contacts: fastify.startupContacts });
  const authorized = (request: FastifyRequest) => authorizedResponse(request, responses);

  // Files arrive as the raw body; the type the client claims is ignored (the content decides), and
  // reading stops at MAX_FILE_BYTES (413) instead of buffering whatever is sent. Only in this plugin.
  fastify.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_request, body, done) => done(null, body));

  const ThreadParams = Type.Object({ id: ResponseParams.properties.id, threadId: RecordId });

  fastify.get('/responses/:id/clarifications', {
    schema: {
      tags, security, summary: 'The requests of the programme this test is shared with, and the answers given',
      description: 'Never names the assessor who asked. Empty when the test is not shared.',
      params: ResponseParams,
      response: { 200: StartupRequests, ...errorResponses(400, 401, 404) },
    },
  }, async (request) => {
    const row = await authorized(request);
    if (!row.programme_id) return { programme: null, open: 0, threads: [] };
    const programme = await fastify.database.kysely.selectFrom('programmes').select('name').where('id', '=', row.programme_id).executeTakeFirst();
    const threads = await service.repo.threads(row.id, row.programme_id);
    const messages = await service.repo.messages(threads.map((t) => t.id));
    return {
      programme: programme ? { name: programme.name } : null,
      open: threads.filter((t) => t.state === 'open').length,
      threads: threads.map((t) => ({
        id: t.id, questionId: t.question_id, kind: t.kind, state: t.state, createdAt: t.created_at, updatedAt: t.updated_at,
        messages: messages.filter((m) => m.thread_id === t.id).map((m) => toMessage(m, false)),
      })),
    };
  });

  fastify.post('/responses/:id/clarifications/:threadId/files', {
    bodyLimit: MAX_FILE_BYTES,
    schema: {
      tags, security, summary: 'Upload a file for an answer: PDF, PNG or JPEG, at most 5 MB',
      description: 'The raw file as the body (Content-Type application/octet-stream, or the file\'s own type), its name in the X-File-Name header (percent-encoded). The type is checked by the content: anything but PDF, PNG and JPEG is refused with 415. At most 5 files per request. Attach it with the answer (fileId).',
      params: ThreadParams,
      headers: Type.Object({ 'x-file-name': Type.Optional(Type.String({ maxLength: 300 })) }),
      response: { 201: Type.Object({ id: RecordId, name: Type.String(), contentType: Type.String(), size: Type.Integer() }), ...errorResponses(400, 401, 404, 409, 413, 415) },
    },
  }, async (request, reply) => {
    const row = await authorized(request);
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) throw badRequest('invalid-request', 'body: send the file as the raw body (Content-Type application/octet-stream)');
    const file = await service.addFile({ row, threadId: request.params.threadId, name: request.headers['x-file-name'], content: body });
    return reply.code(201).send(file);
  });

  fastify.post('/responses/:id/clarifications/:threadId/answer', {
    schema: {
      tags, security, summary: 'Answer a request: text, links, an uploaded file and, if needed, a corrected answer to the question',
      description: 'A correction becomes a new revision of the answers (the submitted ones are kept), the scores are computed again and stored, and the assessors see old → new. Everything is in the audit trail.',
      params: ThreadParams,
      body: AnswerBody,
      response: {
        200: Type.Object({ revision: Type.Union([Type.Integer(), Type.Null()]), scores: Type.Union([Type.Object({ before: Type.Object({}, { additionalProperties: true }), after: Type.Object({}, { additionalProperties: true }) }), Type.Null()]) }),
        ...errorResponses(400, 401, 404, 409),
      },
    },
  }, async (request) => {
    const row = await authorized(request);
    const b = request.body;
    return service.answer({ row, threadId: request.params.threadId, text: b.text, links: b.links ?? [], fileId: b.fileId ?? null, correction: b.correction ?? null });
  });

  fastify.get('/responses/:id/files/:fileId', {
    schema: {
      tags, security, summary: 'A file this startup sent, always as a download',
      params: Type.Object({ id: ResponseParams.properties.id, fileId: RecordId }),
      response: { 200: BinaryFile, ...errorResponses(400, 401, 404) },
    },
  }, async (request, reply) => {
    const row = await authorized(request);
    const file = await service.repo.file(request.params.fileId);
    if (!file || file.response_id !== row.id) throw notFound('file-not-found', 'no file with this id for this test');
    return reply.headers(downloadHeaders(file)).send(file.content);
  });
}
