// The questionnaire editor's API (issue 17, server foundation; docs/editor.md): versions as content
// in the database, their review and publication. For editors and administrators only; the screens
// come later. What respondents are served still comes from the files (server/questionnaires/catalog.ts).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { diffQuestionnaires } from '../../../core/questionnaire-diff.js';
import type { Questionnaire } from '../../../core/types.js';
import { canEditContent } from '../../auth/permissions.js';
import { RecordId } from '../../auth/schemas.js';
import { forbidden, HttpError } from '../../errors.js';
import { staffOf } from '../../plugins/app/auth.js';
import { questionnaireMarkdown } from '../../questionnaires/markdown.js';
import { shapeFault } from '../../questionnaires/shape.js';
import type { VersionRow, VersionSummary } from '../../repositories/questionnaire-versions.js';
import { Id, OpenObject, errorResponses } from '../../schemas/common.js';
import { createVersionService } from '../../services/questionnaire-versions.js';

/** The shipped files are ~250 KB; a draft may grow to four times that, and no further (this route only). */
export const EDITOR_BODY_LIMIT = 1024 * 1024;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Status = Type.Union([Type.Literal('draft'), Type.Literal('in_review'), Type.Literal('published'), Type.Literal('retired')]);
const Version = Type.Object({
  id: RecordId,
  questionnaireId: Type.String(),
  area: Type.String(),
  version: Type.String({ description: 'x.y.z once published; a draft holds the version it was based on, or \'\'' }),
  status: Status,
  hash: Nullable(Type.String({ description: 'SHA-256 of the canonical JSON (as server/questionnaires/catalog.ts computes it)' })),
  revision: Type.Integer({ description: 'Send it back with a save and with an approval: either over a later revision is refused (409 draft-conflict, version-changed)' }),
  basedOn: Nullable(RecordId),
  createdBy: Nullable(RecordId),
  updatedAt: Type.String({ format: 'date-time' }),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
  approvedBy: Nullable(RecordId),
  submittedBy: Nullable(RecordId),
});
const Fault = Type.Object({ pointer: Type.String(), message: Type.String() });
const Faults = Type.Array(Fault, { description: 'The loader\'s validation faults (JSON Schema and core/questionnaire-rules.ts), at most 200' });
const WithDocument = Type.Object({ version: Version, document: OpenObject });
const Params = Type.Object({ id: RecordId });
const Change = Type.Object({ kind: Type.String(), path: Type.String(), before: Type.Unknown(), after: Type.Unknown(), scoring: Type.Boolean() });
const Prompted = Type.Object({ id: Type.String(), prompt: Type.Unknown() });
const Diff = Type.Object({
  bump: Type.Union([Type.Literal('major'), Type.Literal('minor'), Type.Literal('patch'), Type.Literal('none')]),
  sections: Type.Object({ added: Type.Array(Type.String()), removed: Type.Array(Type.String()) }),
  questions: Type.Object({
    added: Type.Array(Prompted),
    removed: Type.Array(Prompted),
    reworded: Type.Array(Type.Object({ id: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
    changed: Type.Array(Type.Object({ id: Type.String(), prompt: Type.Unknown(), changes: Type.Array(Change) })),
  }),
  other: Type.Array(Change),
});

const view = (r: VersionSummary) => ({
  id: r.id, questionnaireId: r.questionnaire_id, area: r.area, version: r.version, status: r.status, hash: r.hash, revision: r.revision,
  basedOn: r.based_on, createdBy: r.created_by, updatedAt: r.updated_at, publishedAt: r.published_at, approvedBy: r.approved_by, submittedBy: r.submitted_by,
});
const withDocument = (r: VersionRow) => ({ version: view(r), document: JSON.parse(r.document) as Record<string, unknown> });

export default async function editorRoutes(app: FastifyInstance) {
  const fastify = app.withTypeProvider<TypeBoxTypeProvider>();
  const service = createVersionService({ db: fastify.database.kysely, catalog: fastify.catalog });
  const tags = ['editor'];

  fastify.addHook('preHandler', fastify.requireStaff);
  fastify.addHook('preHandler', async (request) => {
    if (!canEditContent(staffOf(request).auth)) throw forbidden('only questionnaire editors and administrators work on questionnaire versions');
  });
  const auth = (request: Parameters<typeof staffOf>[0]) => staffOf(request).auth;
  // A document longer or deeper than any questionnaire is refused before it is validated or stored:
  // 10,000 levels overflowed JSON.stringify (500) and 20,000 junk sections kept ajv busy for minutes.
  const boundedDocument = (document: unknown) => {
    const fault = shapeFault(document);
    if (fault) throw new HttpError(400, 'invalid-request', `body/document${fault.pointer} ${fault.message}`, [{ pointer: `/body/document${fault.pointer}`, message: fault.message }]);
  };

  fastify.get('/editor/versions', {
    schema: { tags, summary: 'Every questionnaire version, newest change first (at most 500; no documents)', response: { 200: Type.Object({ versions: Type.Array(Version) }), ...errorResponses(401, 403) } },
  }, async () => ({ versions: (await service.repo.list()).map(view) }));

  fastify.get('/editor/versions/:id', {
    schema: { tags, summary: 'One version with its document', params: Params, response: { 200: WithDocument, ...errorResponses(400, 401, 403, 404) } },
  }, async (request) => withDocument(await service.load(request.params.id)));

  fastify.post('/editor/drafts', {
    schema: {
      tags, summary: 'Start a draft: a copy of a version (from), or a minimal new questionnaire (questionnaireId, area)',
      body: Type.Object({ from: Type.Optional(RecordId), questionnaireId: Type.Optional(Id), area: Type.Optional(Id) }, { additionalProperties: false }),
      response: { 201: WithDocument, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => reply.code(201).send(withDocument(await service.createDraft(auth(request), request.body))));

  fastify.put('/editor/drafts/:id', {
    bodyLimit: EDITOR_BODY_LIMIT,
    schema: {
      tags, summary: 'Save a draft (also with faults: autosave) over the revision it was loaded at',
      description: 'A save over a revision someone else saved since is 409 `draft-conflict` and changes nothing; the current revision is in `details[0].message`. Only drafts can be saved (409 `version-not-draft`).',
      params: Params,
      // Bounded by the column's type: PostgreSQL refused a larger one as a bound parameter, a 500.
      body: Type.Object({ document: OpenObject, revision: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ version: Version, faults: Faults }), ...errorResponses(400, 401, 403, 404, 409, 413) },
    },
  }, async (request) => {
    boundedDocument(request.body.document);
    const { row, faults } = await service.save(auth(request), request.params.id, request.body.document as Record<string, unknown>, request.body.revision);
    return { version: view(row), faults };
  });

  fastify.post('/editor/validate', {
    bodyLimit: EDITOR_BODY_LIMIT,
    config: { writesDatabase: false },
    schema: {
      tags, summary: 'The validation faults of a document that is not saved',
      body: Type.Object({ document: OpenObject }, { additionalProperties: false }),
      response: { 200: Type.Object({ faults: Faults }), ...errorResponses(400, 401, 403, 413) },
    },
  }, async (request) => {
    boundedDocument(request.body.document);
    return { faults: service.validate(request.body.document) };
  });

  const step = (path: string, summary: string, run: (a: ReturnType<typeof auth>, id: string) => Promise<VersionRow>, codes: number[]) =>
    fastify.post(path, {
      schema: { tags, summary, params: Params, response: { 200: Type.Object({ version: Version }), ...errorResponses(400, 401, 403, 404, ...codes) } },
    }, async (request) => ({ version: view(await run(auth(request), request.params.id)) }));

  step('/editor/drafts/:id/submit', 'Ask for review: only a draft without faults (else 422 draft-invalid with the faults)', service.submit, [409, 422]);
  step('/editor/drafts/:id/withdraw', 'Take a version out of review, back to draft (its approval lapses)', service.withdraw, [409]);
  fastify.post('/editor/drafts/:id/approve', {
    schema: {
      tags, summary: 'Approve a version in review, at the revision the approver saw: someone other than whoever last changed or submitted it (403 approver-is-author)',
      description: 'A version changed since that revision (withdrawn, edited, submitted again) is 409 `version-changed` and is not approved; the current revision is in `details[0].message`.',
      params: Params,
      body: Type.Object({ revision: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The revision of the version as the approver read it' }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ version: Version }), ...errorResponses(400, 401, 403, 404, 409) },
    },
  }, async (request) => ({ version: view(await service.approve(auth(request), request.params.id, request.body.revision)) }));
  step('/editor/drafts/:id/publish', 'Publish an approved version: it gets the next semantic version (docs/editor.md); 409 draft-outdated when a version of the questionnaire was published after the draft was started; at most 400 published at once (409 too-many-published)', service.publish, [409, 422]);
  step('/editor/versions/:id/retire', 'Retire a published version', service.retire, [409]);

  fastify.get('/editor/diff', {
    schema: {
      tags, summary: 'What changed between two versions, and the version bump it calls for',
      querystring: Type.Object({ from: RecordId, to: RecordId }, { additionalProperties: false }),
      response: { 200: Diff, ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request) => {
    const [from, to] = await Promise.all([service.load(request.query.from), service.load(request.query.to)]);
    return diffQuestionnaires(JSON.parse(from.document), JSON.parse(to.document));
  });

  fastify.get('/editor/versions/:id/export', {
    schema: {
      tags, summary: 'The document as a file, in the format of the files in questionnaires/',
      params: Params, response: { 200: Type.String({ description: 'application/json, 2-space indented, ending in a newline' }), ...errorResponses(400, 401, 403, 404) },
    },
  }, async (request, reply) => {
    const row = await service.load(request.params.id);
    const name = `${row.questionnaire_id}-${row.version || 'draft'}.json`.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply.type('application/json; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`)
      .send(`${JSON.stringify(JSON.parse(row.document), null, 2)}\n`);
  });

  fastify.get('/editor/versions/:id/markdown', {
    schema: {
      tags, summary: 'The version as Markdown, for reviewers (as the shipped files are rendered)',
      description: 'A document with faults cannot be rendered reliably: 422 draft-invalid with the faults.',
      params: Params, response: { 200: Type.String(), ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    const row = await service.load(request.params.id);
    const document = JSON.parse(row.document) as Questionnaire;
    const faults = service.validate(document);
    if (faults.length) throw new HttpError(422, 'draft-invalid', `the version has ${faults.length} fault(s); fix them to render it`, faults);
    return reply.type('text/markdown; charset=utf-8').send(questionnaireMarkdown(document, fastify.catalog));
  });
}
