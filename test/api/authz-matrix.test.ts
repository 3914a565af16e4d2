// Authorization as a matrix: every staff and joining route against anonymous, a respondent's token,
// and each role in the right programme and in another one. Nothing of programme A may leak to
// programme B's people, whether through ids in URLs, lists, search or exports.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { assign, bearer, createProgramme, createUser, login, share, signedIn, staffApp, submittedResponse, type Session } from '../helpers/staff.js';
import * as tables from '../helpers/db.js';
import { createClarificationRepository } from '../../server/repositories/clarifications.js';
import { ERROR_CODE_LIST, ERROR_CODES, type ErrorCode } from '../../core/error-codes.js';
import { compareVersions } from '../../core/questionnaire-diff.js';

type Actor = 'anonymous' | 'respondent' | 'admin' | 'managerA' | 'assessorA' | 'managerB' | 'assessorB' | 'editor';
/** A questionnaire editor is tried on the rows that name an expectation for one (the editor routes). */
type BaseActor = Exclude<Actor, 'editor'>;
const ACTORS: Actor[] = ['anonymous', 'respondent', 'admin', 'managerA', 'assessorA', 'managerB', 'assessorB', 'editor'];

let app: FastifyInstance;
const ids = {} as {
  pA: string; pB: string; codeA: string; sA: { id: string; token: string }; sB: { id: string; token: string };
  extra: string; target: string;
};
const SECRET_NAME = 'Geheime Startup A';
let counter = 0;

beforeAll(async () => {
  app = await staffApp();
  const { session: admin } = await signedIn(app, 'admin@example.org', 'admin');
  const pA = await createProgramme(app, admin, { name: 'Programma A' });
  const pB = await createProgramme(app, admin, { name: 'Programma B' });
  for (const [p, suffix] of [[pA.id, 'a'], [pB.id, 'b']] as const) {
    await createUser(app, `manager-${suffix}@example.org`, 'manager');
    await createUser(app, `assessor-${suffix}@example.org`, 'assessor');
    await assign(app, admin, p, `manager-${suffix}@example.org`, 'manager');
    await assign(app, admin, p, `assessor-${suffix}@example.org`, 'assessor');
  }
  const extra = await createUser(app, 'extra@example.org', 'assessor');
  for (const email of ['editor@example.org', 'editor2@example.org', 'editor3@example.org']) await createUser(app, email, 'editor');
  const sA = await submittedResponse(app);
  await share(app, sA, pA.joinCode, SECRET_NAME);
  const sB = await submittedResponse(app);
  await share(app, sB, pB.joinCode, 'Startup B');
  Object.assign(ids, { pA: pA.id, pB: pB.id, codeA: pA.joinCode, sA, sB, extra: extra.id, target: (await app.staffRepos.users.findByEmail('assessor-b@example.org'))!.id });
});
afterAll(async () => {
  await app.close();
});

const EMAIL: Partial<Record<Actor, string>> = {
  admin: 'admin@example.org', managerA: 'manager-a@example.org', assessorA: 'assessor-a@example.org',
  managerB: 'manager-b@example.org', assessorB: 'assessor-b@example.org', editor: 'editor@example.org',
};

/** Fresh credentials per request, so logging out or revocation in one case cannot affect another. */
async function headersOf(actor: Actor): Promise<Record<string, string>> {
  if (actor === 'anonymous') return {};
  if (actor === 'respondent') return bearer(ids.sA.token);
  const s: Session = await login(app, EMAIL[actor]!);
  return s.write;
}

interface Case {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as registered, to check every route is in the matrix. */
  route: string;
  url: () => string;
  payload?: () => unknown;
  expect: Record<BaseActor, number> & { editor?: number };
  before?: () => void | Promise<void>;
  /** Extra request headers (a file upload's Content-Type). */
  headers?: Record<string, string>;
}

// Shorthands for the common rows.
const staffOnly = (admin: number, mA: number, aA: number, mB: number, aB: number) =>
  ({ anonymous: 401, respondent: 401, admin, managerA: mA, assessorA: aA, managerB: mB, assessorB: aB });
const anyone = (code: number) => Object.fromEntries(ACTORS.filter((a) => a !== 'editor').map((a) => [a, code])) as Record<BaseActor, number>;
const respondentOnly = (code: number) => ({ ...anyone(401), respondent: code });

const CASES: Case[] = [
  { method: 'POST', route: '/api/auth/login', url: () => '/api/auth/login', payload: () => ({ email: 'nobody@example.org', password: 'wrong wrong wrong' }), expect: anyone(401) },
  { method: 'POST', route: '/api/auth/logout', url: () => '/api/auth/logout', expect: staffOnly(204, 204, 204, 204, 204) },
  { method: 'GET', route: '/api/auth/me', url: () => '/api/auth/me', expect: staffOnly(200, 200, 200, 200, 200) },
  // A wrong current password: 400 proves the request got past authentication without changing anything.
  { method: 'POST', route: '/api/auth/password', url: () => '/api/auth/password', payload: () => ({ currentPassword: 'not the password', newPassword: 'a new long passphrase' }), expect: staffOnly(400, 400, 400, 400, 400) },
  { method: 'POST', route: '/api/auth/password-token', url: () => '/api/auth/password-token', payload: () => ({ token: randomBytes(32).toString('base64url') }), expect: anyone(404) },
  { method: 'POST', route: '/api/auth/set-password', url: () => '/api/auth/set-password', payload: () => ({ token: randomBytes(32).toString('base64url'), password: 'some long passphrase' }), expect: anyone(404) },

  // Same answer for everyone, signed in or not: it must not tell who has an account.
  { method: 'POST', route: '/api/auth/forgot-password', url: () => '/api/auth/forgot-password', payload: () => ({ email: 'assessor-b@example.org' }), expect: anyone(204) },
  { method: 'GET', route: '/api/mail', url: () => '/api/mail', expect: staffOnly(200, 403, 403, 403, 403) },
  { method: 'GET', route: '/api/users', url: () => '/api/users', expect: staffOnly(200, 403, 403, 403, 403) },
  { method: 'POST', route: '/api/users', url: () => '/api/users', payload: () => ({ email: `u${++counter}@example.org`, role: 'assessor' }), expect: staffOnly(201, 403, 403, 403, 403) },
  { method: 'PATCH', route: '/api/users/:id', url: () => `/api/users/${ids.extra}`, payload: () => ({ name: 'Extra' }), expect: staffOnly(200, 403, 403, 403, 403) },
  { method: 'POST', route: '/api/users/:id/reset-link', url: () => `/api/users/${ids.extra}/reset-link`, expect: staffOnly(200, 403, 403, 403, 403) },

  { method: 'GET', route: '/api/programmes', url: () => '/api/programmes', expect: staffOnly(200, 200, 200, 200, 200) },
  { method: 'POST', route: '/api/programmes', url: () => '/api/programmes', payload: () => ({ name: 'Nieuw', kind: 'cohort', areas: ['ai'] }), expect: staffOnly(201, 403, 403, 403, 403) },
  { method: 'GET', route: '/api/programmes/:id', url: () => `/api/programmes/${ids.pA}`, expect: staffOnly(200, 200, 200, 404, 404) },
  { method: 'PATCH', route: '/api/programmes/:id', url: () => `/api/programmes/${ids.pA}`, payload: () => ({ name: 'Programma A' }), expect: staffOnly(200, 200, 403, 404, 404) },
  // Only admins create accounts; a manager gets the same 404 for a new email as for an account outside
  // their programmes (assessor-b works in programme B only), so emails cannot be probed (docs/accounts.md).
  { method: 'POST', route: '/api/programmes/:id/members', url: () => `/api/programmes/${ids.pA}/members`, payload: () => ({ email: `m${++counter}@example.org`, role: 'assessor' }), expect: staffOnly(200, 404, 403, 404, 404) },
  {
    method: 'POST', route: '/api/programmes/:id/members', url: () => `/api/programmes/${ids.pA}/members`, payload: () => ({ email: 'assessor-b@example.org', role: 'assessor' }),
    before: async () => { await app.staffRepos.programmes.removeMember(ids.pA, ids.target); }, expect: staffOnly(200, 404, 403, 404, 404),
  },
  {
    method: 'DELETE', route: '/api/programmes/:id/members/:userId', url: () => `/api/programmes/${ids.pA}/members/${ids.extra}`,
    before: async () => { await app.staffRepos.programmes.addMember(ids.pA, ids.extra); }, expect: staffOnly(204, 204, 403, 404, 404),
  },
  { method: 'GET', route: '/api/programmes/:id/submissions', url: () => `/api/programmes/${ids.pA}/submissions`, expect: staffOnly(200, 200, 200, 404, 404) },
  { method: 'GET', route: '/api/programmes/:id/export.csv', url: () => `/api/programmes/${ids.pA}/export.csv`, expect: staffOnly(200, 200, 200, 404, 404) },
  { method: 'GET', route: '/api/submissions/:id', url: () => `/api/submissions/${ids.sA.id}`, expect: staffOnly(200, 200, 200, 404, 404) },
  // Without a listening port the PDF cannot be printed (503), but who may ask is decided first.
  { method: 'GET', route: '/api/submissions/:id/report.pdf', url: () => `/api/submissions/${ids.sA.id}/report.pdf`, expect: staffOnly(503, 503, 503, 404, 404) },
  // The DOCX needs no browser: everyone of the programme gets it; outside it the submission does not exist.
  { method: 'GET', route: '/api/submissions/:id/report.docx', url: () => `/api/submissions/${ids.sA.id}/report.docx`, expect: staffOnly(200, 200, 200, 404, 404) },
  {
    method: 'PUT', route: '/api/submissions/:id/review', url: () => `/api/submissions/${ids.sA.id}/review`,
    payload: () => ({ scores: {}, judgement: null, comment: '', submit: false }), expect: staffOnly(403, 403, 200, 404, 404),
  },
  {
    method: 'PUT', route: '/api/submissions/:id/status', url: () => `/api/submissions/${ids.sA.id}/status`, payload: () => ({ status: 'in_review' }),
    before: async () => { await tables.exec(app, "UPDATE responses SET review_status = 'submitted' WHERE id = ?", ids.sA.id); }, expect: staffOnly(200, 200, 200, 404, 404),
  },

  { method: 'GET', route: '/api/site', url: () => '/api/site', expect: anyone(200) },
  { method: 'GET', route: '/api/join/:code', url: () => `/api/join/${ids.codeA}`, expect: anyone(200) },
  { method: 'GET', route: '/api/responses/:id/programme', url: () => `/api/responses/${ids.sA.id}/programme`, expect: respondentOnly(200) },
  { method: 'PUT', route: '/api/responses/:id/programme', url: () => `/api/responses/${ids.sA.id}/programme`, payload: () => ({ code: ids.codeA, name: SECRET_NAME, confirm: true }), expect: respondentOnly(200) },
  {
    method: 'DELETE', route: '/api/responses/:id/programme', url: () => `/api/responses/${ids.sA.id}/programme`,
    before: async () => { await app.staffRepos.programmes.share(ids.sA.id, ids.pA, SECRET_NAME); }, expect: respondentOnly(200),
  },
];

// Cohort, integration settings, embedding and the integration API (issue 6).
const manage = (ok: number) => staffOnly(ok, ok, 403, 404, 404);
let keyId = '';
let hookId = '';
const newKey = async () => { keyId = (await app.integration.apiKeys.create({ programmeId: ids.pA, name: 'k', createdBy: null })).row.id; };
const newHook = async () => {
  hookId = (await app.integration.webhooks.create({ programmeId: ids.pA, url: 'https://hooks.example.org/x', events: ['review.submitted'], createdBy: null })).id;
};
CASES.push(
  { method: 'GET', route: '/api/programmes/:id/cohort', url: () => `/api/programmes/${ids.pA}/cohort`, expect: manage(200) },
  { method: 'GET', route: '/api/programmes/:id/cohort/teams/:teamId', url: () => `/api/programmes/${ids.pA}/cohort/teams/${ids.sA.id}`, expect: manage(200) },
  { method: 'GET', route: '/api/programmes/:id/api-keys', url: () => `/api/programmes/${ids.pA}/api-keys`, expect: manage(200) },
  { method: 'POST', route: '/api/programmes/:id/api-keys', url: () => `/api/programmes/${ids.pA}/api-keys`, payload: () => ({ name: 'CRM' }), expect: manage(201) },
  { method: 'DELETE', route: '/api/programmes/:id/api-keys/:keyId', url: () => `/api/programmes/${ids.pA}/api-keys/${keyId}`, before: newKey, expect: manage(204) },
  { method: 'GET', route: '/api/programmes/:id/webhooks', url: () => `/api/programmes/${ids.pA}/webhooks`, expect: manage(200) },
  {
    method: 'POST', route: '/api/programmes/:id/webhooks', url: () => `/api/programmes/${ids.pA}/webhooks`,
    payload: () => ({ url: 'https://hooks.example.org/x', events: ['review.submitted'] }), expect: manage(201),
  },
  { method: 'DELETE', route: '/api/programmes/:id/webhooks/:webhookId', url: () => `/api/programmes/${ids.pA}/webhooks/${hookId}`, before: newHook, expect: manage(204) },
  { method: 'GET', route: '/api/programmes/:id/webhooks/:webhookId/deliveries', url: () => `/api/programmes/${ids.pA}/webhooks/${hookId}/deliveries`, before: newHook, expect: manage(200) },
  { method: 'GET', route: '/api/programmes/:id/embed', url: () => `/api/programmes/${ids.pA}/embed`, expect: manage(200) },
  { method: 'PUT', route: '/api/programmes/:id/embed', url: () => `/api/programmes/${ids.pA}/embed`, payload: () => ({ origins: ['https://incubator.example'] }), expect: manage(200) },
  { method: 'GET', route: '/api/embed/:code', url: () => `/api/embed/${ids.codeA}`, expect: anyone(200) },
  // Neither a session nor a resume token is an API key (the key itself is tested in test/api/api-keys.test.ts).
  { method: 'GET', route: '/api/integration/submissions', url: () => '/api/integration/submissions', expect: anyone(401) },
  { method: 'GET', route: '/api/integration/cohort', url: () => '/api/integration/cohort', expect: anyone(401) },
);

// Clarifications (issue 14, item 3; part "clarify"): verdicts, threads, files, the startup's answers.
let threadId = '';
let fileId = '';
const PDF_BYTES = Buffer.from('%PDF-1.4\n%%EOF\n');
const clarifyFixture = async () => {
  if (threadId) return;
  const clar = createClarificationRepository(app.database.kysely);
  threadId = (await clar.openThread({ responseId: ids.sA.id, programmeId: ids.pA, questionId: 'm-dpia', kind: 'evidence' })).id;
  fileId = (await clar.addFile({ threadId, name: 'bewijs.pdf', contentType: 'application/pdf', content: PDF_BYTES })).id;
};
CASES.push(
  { method: 'GET', route: '/api/submissions/:id/clarifications', url: () => `/api/submissions/${ids.sA.id}/clarifications`, expect: staffOnly(200, 200, 200, 404, 404) },
  {
    method: 'PUT', route: '/api/submissions/:id/verdicts/:questionId', url: () => `/api/submissions/${ids.sA.id}/verdicts/m-retention`,
    payload: () => ({ verdict: 'accepted' }), expect: staffOnly(403, 403, 200, 404, 404),
  },
  { method: 'GET', route: '/api/submissions/:id/files/:fileId', url: () => `/api/submissions/${ids.sA.id}/files/${fileId}`, before: clarifyFixture, expect: staffOnly(200, 200, 200, 404, 404) },
  { method: 'GET', route: '/api/responses/:id/clarifications', url: () => `/api/responses/${ids.sA.id}/clarifications`, expect: respondentOnly(200) },
  {
    method: 'POST', route: '/api/responses/:id/clarifications/:threadId/files', url: () => `/api/responses/${ids.sA.id}/clarifications/${threadId}/files`,
    before: clarifyFixture, payload: () => PDF_BYTES, headers: { 'content-type': 'application/octet-stream' }, expect: respondentOnly(201),
  },
  {
    method: 'POST', route: '/api/responses/:id/clarifications/:threadId/answer', url: () => `/api/responses/${ids.sA.id}/clarifications/${threadId}/answer`,
    before: clarifyFixture, payload: () => ({ text: 'Zie bijlage.' }), expect: respondentOnly(200),
  },
  { method: 'GET', route: '/api/responses/:id/files/:fileId', url: () => `/api/responses/${ids.sA.id}/files/${fileId}`, before: clarifyFixture, expect: respondentOnly(200) },
);
// attempts (issue 14 item 1): what changed since my review. Everyone in the programme may ask (200,
// null when they have no earlier review of their own); outside it the submission does not exist.
CASES.push(
  { method: 'GET', route: '/api/submissions/:id/since-my-review', url: () => `/api/submissions/${ids.sA.id}/since-my-review`, expect: staffOnly(200, 200, 200, 404, 404) },
);
// Assignment, quorum and decisions (issue 14, item 4; part "decide").
const assessorAId = async () => (await app.staffRepos.users.findByEmail('assessor-a@example.org'))!.id;
let assessorA = '';
CASES.push(
  { method: 'GET', route: '/api/me/tasks', url: () => '/api/me/tasks', expect: staffOnly(200, 200, 200, 200, 200) },
  {
    method: 'POST', route: '/api/submissions/:id/assignments', url: () => `/api/submissions/${ids.sA.id}/assignments`,
    before: async () => { assessorA = await assessorAId(); }, payload: () => ({ assessorId: assessorA }), expect: staffOnly(200, 200, 403, 404, 404),
  },
  {
    method: 'DELETE', route: '/api/submissions/:id/assignments/:userId', url: () => `/api/submissions/${ids.sA.id}/assignments/${assessorA}`,
    before: async () => {
      assessorA = await assessorAId();
      await tables.exec(app, 'INSERT INTO review_assignments (response_id, programme_id, assessor_id, assigned_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', ids.sA.id, ids.pA, assessorA, new Date().toISOString());
    },
    expect: staffOnly(204, 204, 403, 404, 404),
  },
  {
    method: 'POST', route: '/api/programmes/:id/assignments/round-robin', url: () => `/api/programmes/${ids.pA}/assignments/round-robin`,
    payload: () => ({ submissionIds: [ids.sA.id] }), expect: staffOnly(200, 200, 403, 404, 404),
  },
  // assessor-a has no submitted review of sA: blind review keeps the decision page from them (403).
  { method: 'GET', route: '/api/submissions/:id/decision', url: () => `/api/submissions/${ids.sA.id}/decision`, expect: staffOnly(200, 200, 403, 404, 404) },
  // No review is submitted: a manager gets past authorization to the quorum (409).
  {
    method: 'PUT', route: '/api/submissions/:id/decision', url: () => `/api/submissions/${ids.sA.id}/decision`,
    payload: () => ({ outcome: 'fund', rationale: 'r' }), expect: staffOnly(409, 409, 403, 404, 404),
  },
  { method: 'GET', route: '/api/responses/:id/decision', url: () => `/api/responses/${ids.sA.id}/decision`, expect: respondentOnly(200) },
);
// Accounts and programmes (issue 14, staff walkthrough #10 and #23).
let pendingId = '';
const pendingAssessor = async () => {
  if (pendingId) return;
  const u = await app.staffRepos.users.create({ email: 'pending@example.org', name: 'Pending', role: 'assessor' });
  await app.staffRepos.programmes.addMember(ids.pA, u.id);
  pendingId = u.id;
};
let sharedId = '';
const freshShare = async () => {
  const r = await submittedResponse(app);
  await share(app, r, ids.codeA, `Verwijderverzoek ${++counter}`);
  sharedId = r.id;
};
CASES.push(
  { method: 'POST', route: '/api/programmes/:id/members/:userId/invitation', url: () => `/api/programmes/${ids.pA}/members/${pendingId}/invitation`, before: pendingAssessor, expect: staffOnly(200, 200, 403, 404, 404) },
  { method: 'DELETE', route: '/api/programmes/:id/submissions/:submissionId', url: () => `/api/programmes/${ids.pA}/submissions/${sharedId}`, before: freshShare, expect: staffOnly(204, 204, 403, 404, 404) },
);
// Reminders part (issue 14, item 6): the startup's contact address is the respondent's alone; the
// unsubscribe link needs no other key (an unknown token is 404 for everyone); sending a failed mail
// again is for admins (the matrix app has no SMTP server, so an admin's retry is refused with 409).
const failedMail = async () => {
  await app.database.kysely.insertInto('mail_outbox').values({
    id: 'failed-mail', recipient: 'x@example.org', locale: 'nl', template: 'invitation', subject: 's', text_body: 't', html_body: 'h',
    state: 'failed', created_at: new Date().toISOString(),
  }).onConflict((oc) => oc.column('id').doNothing()).execute();
};
CASES.push(
  { method: 'GET', route: '/api/responses/:id/contact', url: () => `/api/responses/${ids.sA.id}/contact`, expect: respondentOnly(200) },
  { method: 'PUT', route: '/api/responses/:id/contact', url: () => `/api/responses/${ids.sA.id}/contact`, payload: () => ({ email: 'startup@example.org', consent: true }), expect: respondentOnly(200) },
  { method: 'DELETE', route: '/api/responses/:id/contact', url: () => `/api/responses/${ids.sA.id}/contact`, expect: respondentOnly(200) },
  { method: 'POST', route: '/api/contact/unsubscribe', url: () => '/api/contact/unsubscribe', payload: () => ({ token: 'x'.repeat(32) }), expect: anyone(404) },
  { method: 'POST', route: '/api/mail/:id/retry', url: () => '/api/mail/failed-mail/retry', before: failedMail, expect: staffOnly(409, 403, 403, 403, 403) },
);
// Issue 15: verification is for anyone, and says nothing of a report's content (test/api/attestations.test.ts).
CASES.push(
  { method: 'GET', route: '/api/attestations/:code/status', url: () => '/api/attestations/0000-0000-0000/status', expect: anyone(404) },
  { method: 'GET', route: '/.well-known/jwks.json', url: () => '/.well-known/jwks.json', expect: anyone(200) },
);

// The respondent's exports (tag "exports"): the token alone opens them; a staff session is no token.
// Without a listening port the PDF cannot be printed (503), but only once the token has been checked.
CASES.push(
  { method: 'GET', route: '/api/responses/:id/export.json', url: () => `/api/responses/${ids.sA.id}/export.json`, expect: respondentOnly(200) },
  { method: 'GET', route: '/api/responses/:id/export.csv', url: () => `/api/responses/${ids.sA.id}/export.csv`, expect: respondentOnly(200) },
  { method: 'GET', route: '/api/responses/:id/report.pdf', url: () => `/api/responses/${ids.sA.id}/report.pdf`, expect: respondentOnly(503) },
  { method: 'GET', route: '/api/responses/:id/report.docx', url: () => `/api/responses/${ids.sA.id}/report.docx`, expect: respondentOnly(200) },
  {
    method: 'POST', route: '/api/responses/import', url: () => '/api/responses/import',
    payload: () => ({ format: 'publieke-waarden-zelftoets', formatVersion: 1, questionnaire: { id: 'mini', version: '1' }, answers: {} }), expect: anyone(201),
  },
);

// Issue 16, plan: the action plan is the respondent's alone, by token (test/api/plan.test.ts).
const adoptDpia = async () => {
  await app.inject({ method: 'PUT', url: `/api/responses/${ids.sA.id}/plan/m-dpia`, headers: bearer(ids.sA.token), payload: {} });
};
CASES.push(
  { method: 'GET', route: '/api/responses/:id/plan', url: () => `/api/responses/${ids.sA.id}/plan`, expect: respondentOnly(200) },
  { method: 'PUT', route: '/api/responses/:id/plan/:questionId', url: () => `/api/responses/${ids.sA.id}/plan/m-dpia`, payload: () => ({ owner: 'Fatima' }), expect: respondentOnly(200) },
  { method: 'DELETE', route: '/api/responses/:id/plan/:questionId', url: () => `/api/responses/${ids.sA.id}/plan/m-dpia`, before: adoptDpia, expect: respondentOnly(200) },
  { method: 'GET', route: '/api/responses/:id/plan.csv', url: () => `/api/responses/${ids.sA.id}/plan.csv`, expect: respondentOnly(200) },
  { method: 'GET', route: '/api/responses/:id/plan.ics', url: () => `/api/responses/${ids.sA.id}/plan.ics`, expect: respondentOnly(200) },
);

// Issue 16, peers: the comparison is the respondent's alone; the pool is never read by id (test/api/peers.test.ts).
CASES.push(
  { method: 'GET', route: '/api/responses/:id/peers', url: () => `/api/responses/${ids.sA.id}/peers`, expect: respondentOnly(200) },
);

// Issue 17, questionnaire versions: editors and administrators only; programme staff are refused (403).
const editors = (code: number) => ({ ...staffOnly(code, 403, 403, 403, 403), editor: code });
let shippedVersion = '';
let stepTarget = '';
let stepRevision = 0;
async function asEditor(n: 2 | 3, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  const s = await login(app, `editor${n}@example.org`);
  const res = await app.inject({ method, url, headers: s.write, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
}
/**
 * A fresh draft brought to the state a step needs, by editors 2 and 3: a copy of the questionnaire's
 * latest number, as a draft of an older one is not published (409 draft-outdated).
 */
async function versionAt(state: 'draft' | 'in_review' | 'approved' | 'published') {
  type Row = { id: string; questionnaireId: string; version: string; status: string };
  const versions: Row[] = (await asEditor(2, 'GET', '/api/editor/versions')).versions;
  if (!shippedVersion) shippedVersion = versions.find((v) => v.status === 'published')!.id;
  const questionnaireId = versions.find((v) => v.id === shippedVersion)!.questionnaireId;
  const latest = versions.filter((v) => v.questionnaireId === questionnaireId && (v.status === 'published' || v.status === 'retired'))
    .sort((a, b) => compareVersions(b.version, a.version))[0];
  const id = (await asEditor(2, 'POST', '/api/editor/drafts', { from: latest.id })).version.id;
  if (state !== 'draft') {
    const { revision } = (await asEditor(2, 'POST', `/api/editor/drafts/${id}/submit`)).version;
    if (state === 'approved' || state === 'published') await asEditor(3, 'POST', `/api/editor/drafts/${id}/approve`, { revision });
  }
  if (state === 'published') await asEditor(2, 'POST', `/api/editor/drafts/${id}/publish`);
  stepTarget = id;
  stepRevision = (await asEditor(2, 'GET', `/api/editor/versions/${id}`)).version.revision;
}
const atState = (state: Parameters<typeof versionAt>[0]) => () => versionAt(state);
CASES.push(
  { method: 'GET', route: '/api/editor/versions', url: () => '/api/editor/versions', expect: editors(200) },
  { method: 'GET', route: '/api/editor/versions/:id', url: () => `/api/editor/versions/${stepTarget}`, before: atState('draft'), expect: editors(200) },
  { method: 'POST', route: '/api/editor/drafts', url: () => '/api/editor/drafts', payload: () => ({ questionnaireId: 'robotics' }), expect: editors(201) },
  { method: 'PUT', route: '/api/editor/drafts/:id', url: () => `/api/editor/drafts/${stepTarget}`, before: atState('draft'), payload: () => ({ document: { id: 'x' }, revision: 1 }), expect: editors(200) },
  { method: 'POST', route: '/api/editor/validate', url: () => '/api/editor/validate', payload: () => ({ document: {} }), expect: editors(200) },
  { method: 'POST', route: '/api/editor/drafts/:id/submit', url: () => `/api/editor/drafts/${stepTarget}/submit`, before: atState('draft'), expect: editors(200) },
  { method: 'POST', route: '/api/editor/drafts/:id/withdraw', url: () => `/api/editor/drafts/${stepTarget}/withdraw`, before: atState('in_review'), expect: editors(200) },
  { method: 'POST', route: '/api/editor/drafts/:id/approve', url: () => `/api/editor/drafts/${stepTarget}/approve`, before: atState('in_review'), payload: () => ({ revision: stepRevision }), expect: editors(200) },
  { method: 'POST', route: '/api/editor/drafts/:id/publish', url: () => `/api/editor/drafts/${stepTarget}/publish`, before: atState('approved'), expect: editors(200) },
  { method: 'POST', route: '/api/editor/versions/:id/retire', url: () => `/api/editor/versions/${stepTarget}/retire`, before: atState('published'), expect: editors(200) },
  { method: 'GET', route: '/api/editor/diff', url: () => `/api/editor/diff?from=${shippedVersion}&to=${stepTarget}`, before: atState('draft'), expect: editors(200) },
  { method: 'GET', route: '/api/editor/versions/:id/export', url: () => `/api/editor/versions/${stepTarget}/export`, before: atState('draft'), expect: editors(200) },
  { method: 'GET', route: '/api/editor/versions/:id/markdown', url: () => `/api/editor/versions/${stepTarget}/markdown`, before: atState('draft'), expect: editors(200) },
);

// Issue 17, part "serve": moving a response to a newer version is its token holder's alone (an editor
// too gets 401: staff sessions carry no response token). The respondent's response here is submitted: 409.
CASES.push(
  { method: 'POST', route: '/api/responses/:id/move', url: () => `/api/responses/${ids.sA.id}/move`, payload: () => ({ dryRun: true }), expect: { ...respondentOnly(409), editor: 401 } },
);

// Issue 17, programme part: accepted versions and the programme's own questions. Everyone of the
// programme reads them (assessors see the answers on submissions), its managers and admins set them;
// an editor works on questionnaires, not in programmes (404, as any programme outside one's own).
CASES.push(
  { method: 'GET', route: '/api/programmes/:id/intake', url: () => `/api/programmes/${ids.pA}/intake`, expect: { ...staffOnly(200, 200, 200, 404, 404), editor: 404 } },
  { method: 'PUT', route: '/api/programmes/:id/intake', url: () => `/api/programmes/${ids.pA}/intake`, payload: () => ({ acceptedVersions: {}, questions: [] }), expect: { ...manage(200), editor: 404 } },
);

const OUTSIDERS: Actor[] = ['anonymous', 'respondent', 'managerB', 'assessorB'];

describe('authorization matrix', () => {
  for (const c of CASES) {
    describe(`${c.method} ${c.route}`, () => {
      it.each(ACTORS.filter((a) => a !== 'editor' || c.expect.editor !== undefined))('as %s', async (actor) => {
        await c.before?.();
        const payload = c.payload?.();
        const res = await app.inject({ method: c.method, url: c.url(), headers: { ...(await headersOf(actor)), ...c.headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
        expect(res.statusCode, res.body).toBe((c.expect as Record<Actor, number>)[actor]);
        if (res.statusCode >= 400) {
          const body = res.json();
          expect(body).toMatchObject({ statusCode: res.statusCode, error: expect.any(String), message: expect.any(String) });
          expect(ERROR_CODE_LIST).toContain(body.code);
          expect(ERROR_CODES[body.code as ErrorCode].status).toBe(res.statusCode);
          // Refusals say which: no session, a role that may not, or nothing visible there.
          if (res.statusCode === 401 && actor === 'anonymous' && c.route.startsWith('/api/') && !['/api/auth/login', '/api/integration/submissions', '/api/integration/cohort'].includes(c.route)) expect(body.code).toMatch(/^(not-signed-in|token-required)$/);
          if (res.statusCode === 403) expect(body.code).toBe('forbidden');
        }
        // Outsiders never see programme A's submission, whatever the status code.
        if (OUTSIDERS.includes(actor) && !c.route.startsWith('/api/responses/') && !c.route.startsWith('/api/join/')) {
          expect(res.body).not.toContain(SECRET_NAME);
          expect(res.body).not.toContain(ids.sA.id);
        }
        if (c.route === '/api/responses/:id/programme' && c.method === 'DELETE' && res.statusCode === 200) {
          await app.staffRepos.programmes.share(ids.sA.id, ids.pA, SECRET_NAME);
        }
      });
    });
  }

  it('covers every route of the accounts, programmes and submissions modules', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const registered: string[] = [];
    for (const [path, ops] of Object.entries<Record<string, { tags?: string[] }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op.tags?.some((t) => ['accounts', 'programmes', 'submissions', 'cohort', 'integration-settings', 'embed', 'integration', 'site', 'exports', 'verification', 'plan', 'peers', 'editor', 'versions'].includes(t))) {
          registered.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
        }
      }
    }
    expect(registered.sort()).toEqual([...new Set(CASES.map((c) => `${c.method} ${c.route}`))].sort());
  });

  it('hides programme A from programme B\'s people in lists, search and exports', async () => {
    const mB = await login(app, 'manager-b@example.org');
    const list = await app.inject({ method: 'GET', url: '/api/programmes', headers: mB.read });
    expect(list.json().map((p: any) => p.id)).toEqual([ids.pB]);
    const search = await app.inject({ method: 'GET', url: `/api/programmes/${ids.pB}/submissions?q=${encodeURIComponent('Geheime')}`, headers: mB.read });
    expect(search.json().total).toBe(0);
    const csv = await app.inject({ method: 'GET', url: `/api/programmes/${ids.pB}/export.csv`, headers: mB.read });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('Startup B');
    expect(csv.body).not.toContain(SECRET_NAME);
    // A's submission id under B's programme in the URL does not help either.
    const aA = await login(app, 'assessor-a@example.org');
    const crossed = await app.inject({ method: 'GET', url: `/api/submissions/${ids.sB.id}`, headers: aA.read });
    expect(crossed.statusCode).toBe(404);
  });

  it('gives a respondent\'s token power over its own response only', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      const res = await app.inject({ method, url: `/api/responses/${ids.sB.id}/programme`, headers: bearer(ids.sA.token) });
      expect(res.statusCode).toBe(404);
    }
    expect((await app.staffRepos.programmes.submission(ids.sB.id))!.programme_id).toBe(ids.pB);
  });

  it('does not let a staff session stand in for a respondent\'s token on any respondent route', async () => {
    const admin = await login(app, 'admin@example.org');
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    let checked = 0;
    for (const [path, ops] of Object.entries<Record<string, { security?: Array<Record<string, unknown>> }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!op.security?.some((s) => 'resumeToken' in s) || !path.includes('{id}')) continue;
        const url = path.replace('{id}', ids.sA.id).replace(/\{\w+\}/g, 'x'.repeat(22));
        const res = await app.inject({ method: method.toUpperCase() as 'GET', url, headers: admin.write });
        // Schema validation runs first: a missing body or an odd parameter may be refused before the token is looked at.
        if (res.statusCode === 400) expect(res.json().message, `${method} ${url}`).toMatch(/^(body|params)\b/);
        else expect(res.statusCode, `${method} ${url}`).toBe(401);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});
