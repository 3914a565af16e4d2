// The versions workflow when people act on content that changed under them (docs/editor.md,
// "Conflicts"): an approval holds only for the revision the approver saw, a draft started from an
// older version is not published over the newer one, and two publications of one questionnaire at
// the same moment end as one after the other would. Runs on both engines (TEST_ENGINE=postgres).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeInstances, twoInstances } from '../helpers/instances.js';
import { ON_POSTGRES } from '../helpers/postgres.js';
import { signedIn, staffApp, type Session } from '../helpers/staff.js';

vi.setConfig({ testTimeout: 60_000 });

const apps: FastifyInstance[] = [];
afterEach(async () => {
  while (apps.length) await apps.pop()!.close();
  await closeInstances();
});

const call = (app: FastifyInstance, s: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: method === 'GET' ? s.read : s.write, ...(payload === undefined ? {} : { payload: payload as object }) });

async function editors(app: FastifyInstance) {
  return { editor: (await signedIn(app, 'eva@example.org', 'editor')).session, second: (await signedIn(app, 'erik@example.org', 'editor')).session };
}

async function setUp() {
  const app = await staffApp();
  apps.push(app);
  return { app, ...(await editors(app)) };
}

type Version = { id: string; questionnaireId: string; version: string; status: string; revision: number; approvedBy: string | null; basedOn: string | null };

const versionOf = async (app: FastifyInstance, s: Session, id: string) => (await call(app, s, 'GET', `/api/editor/versions/${id}`)).json() as { version: Version; document: any };

async function latestOf(app: FastifyInstance, s: Session, questionnaireId: string) {
  const all = (await call(app, s, 'GET', '/api/editor/versions')).json().versions as Version[];
  const numbered = all.filter((v) => v.questionnaireId === questionnaireId && (v.status === 'published' || v.status === 'retired'));
  return numbered.sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }))[0];
}

/** A draft (from a version, or a new questionnaire) with `change` saved, submitted by `editor`: its row. */
async function submitted(app: FastifyInstance, editor: Session, start: object, change: (doc: any) => void): Promise<Version> {
  const draft = (await call(app, editor, 'POST', '/api/editor/drafts', start)).json();
  change(draft.document);
  const saved = await call(app, editor, 'PUT', `/api/editor/drafts/${draft.version.id}`, { document: draft.document, revision: draft.version.revision });
  expect(saved.statusCode, saved.body).toBe(200);
  expect(saved.json().faults).toEqual([]);
  const res = await call(app, editor, 'POST', `/api/editor/drafts/${draft.version.id}/submit`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().version;
}

/** As submitted(), then approved by `second` at the revision it was submitted at. */
async function approved(app: FastifyInstance, editor: Session, second: Session, start: object, change: (doc: any) => void): Promise<Version> {
  const v = await submitted(app, editor, start, change);
  const res = await call(app, second, 'POST', `/api/editor/drafts/${v.id}/approve`, { revision: v.revision });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().version;
}

const publish = (app: FastifyInstance, s: Session, id: string) => call(app, s, 'POST', `/api/editor/drafts/${id}/publish`);
/** Publishes and expects it to go through; the number it got. */
async function publishedAs(app: FastifyInstance, s: Session, id: string): Promise<string> {
  const res = await publish(app, s, id);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().version.version;
}
/** Publishes and expects 409 draft-outdated; the message. */
async function refusedOutdated(app: FastifyInstance, s: Session, id: string): Promise<string> {
  const res = await publish(app, s, id);
  expect(res.statusCode, res.body).toBe(409);
  expect(res.json().code).toBe('draft-outdated');
  return res.json().message;
}

/** A question without scores: a minor change. */
const addQuestion = (id: string) => (doc: any) => {
  doc.sections[0].questions.push({ id, type: 'text', prompt: { nl: 'Wie zit in het team?', en: 'Who is on the team?' } });
};
/** Rewording: a patch. */
const reword = (en: string) => (doc: any) => {
  doc.sections[1].questions[0].prompt.en = en;
};
/** Another option score: a major change. */
const rescore = (score: number) => (doc: any) => {
  doc.sections[1].questions[0].options[1].score = score;
};

describe('approving', () => {
  it('holds only for the revision the approver saw: a version changed and resubmitted since is refused, nothing approved', async () => {
    const { app, editor, second } = await setUp();
    const mini = await latestOf(app, editor, 'mini');
    // Eva submits; Erik opens the review page at that revision.
    const first = await submitted(app, editor, { from: mini.id }, reword('Did you do a DPIA yet?'));
    const seen = (await versionOf(app, second, first.id)).version.revision;
    expect(seen).toBe(first.revision);
    // Eva withdraws, changes a score and submits again.
    expect((await call(app, editor, 'POST', `/api/editor/drafts/${first.id}/withdraw`)).statusCode).toBe(200);
    const { version, document } = await versionOf(app, editor, first.id);
    rescore(0.1)(document);
    expect((await call(app, editor, 'PUT', `/api/editor/drafts/${first.id}`, { document, revision: version.revision })).statusCode).toBe(200);
    const again = (await call(app, editor, 'POST', `/api/editor/drafts/${first.id}/submit`)).json().version as Version;
    expect(again.revision).toBeGreaterThan(seen);

    const stale = await call(app, second, 'POST', `/api/editor/drafts/${first.id}/approve`, { revision: seen });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json().code).toBe('version-changed');
    expect((await versionOf(app, second, first.id)).version).toMatchObject({ status: 'in_review', approvedBy: null, revision: again.revision });
    expect(await app.database.kysely.selectFrom('audit_log').select('action').where('action', '=', 'version.approve').execute()).toEqual([]);
    expect((await publish(app, editor, first.id)).json().code).toBe('version-not-approved');

    // Without a revision there is nothing to hold the approval to.
    const blind = await call(app, second, 'POST', `/api/editor/drafts/${first.id}/approve`, {});
    expect(blind.json()).toMatchObject({ statusCode: 400, code: 'invalid-request' });
    expect((await versionOf(app, second, first.id)).version.approvedBy).toBeNull();

    // Reloaded, Erik approves what is there now.
    const current = await call(app, second, 'POST', `/api/editor/drafts/${first.id}/approve`, { revision: again.revision });
    expect(current.statusCode, current.body).toBe(200);
    expect(current.json().version.approvedBy).not.toBeNull();
    const published = await publish(app, editor, first.id);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json().version.version).toBe('2.0.0');
  });
});

describe('publishing a draft made from an older version', () => {
  it('is refused once a newer version is published, so that version\'s changes are not undone; a draft from the latest goes through', async () => {
    const { app, editor, second } = await setUp();
    const mini = await latestOf(app, editor, 'mini');
    const a = await approved(app, editor, second, { from: mini.id }, addQuestion('m-team'));
    const b = await approved(app, editor, second, { from: mini.id }, reword('Did you do a DPIA yet?'));
    // A draft started from draft A (not yet published) follows A.
    const c = await approved(app, editor, second, { from: a.id }, reword('Have you done a DPIA?'));

    expect(await publishedAs(app, editor, a.id)).toBe('1.1.0');
    expect(await refusedOutdated(app, editor, b.id)).toContain('1.1.0');
    // Nothing changed: B waits, approved; respondents get A's version with its question.
    expect((await versionOf(app, editor, b.id)).version).toMatchObject({ status: 'in_review', approvedBy: expect.any(String), version: '1.0.0' });
    const served = (await app.inject({ method: 'GET', url: '/api/questionnaires/mini' })).json();
    expect(served.version).toBe('1.1.0');
    expect(served.sections[0].questions.map((q: { id: string }) => q.id)).toContain('m-team');

    // C was made from A, which is now the latest.
    expect(await publishedAs(app, editor, c.id)).toBe('1.1.1');
    // B's change made again on a draft from the latest.
    await refusedOutdated(app, editor, b.id);
    const redone = await approved(app, editor, second, { from: (await latestOf(app, editor, 'mini')).id }, reword('Did you do a DPIA yet?'));
    expect(await publishedAs(app, editor, redone.id)).toBe('1.1.2');
    const now = (await app.inject({ method: 'GET', url: '/api/questionnaires/mini' })).json();
    expect(now.sections[0].questions.map((q: { id: string }) => q.id)).toContain('m-team');
    expect(now.sections[1].questions[0].prompt.en).toBe('Did you do a DPIA yet?');
  });

  it('a new questionnaire: refused once a version of that id is published after the draft was started', async () => {
    const { app, editor, second } = await setUp();
    const title = (en: string) => (doc: any) => { doc.title = { nl: en, en }; };
    const one = await approved(app, editor, second, { questionnaireId: 'robotics', area: 'robotics' }, title('Robotics'));
    const other = await approved(app, editor, second, { questionnaireId: 'robotics', area: 'robotics' }, title('Robots'));
    expect(one.basedOn).toBeNull();
    expect(await publishedAs(app, editor, one.id)).toBe('1.0.0');
    await refusedOutdated(app, editor, other.id);
    expect((await app.inject({ method: 'GET', url: '/api/questionnaires/robotics' })).json().title.en).toBe('Robotics');
    // A new questionnaire started after that publication is numbered after it.
    const later = await approved(app, editor, second, { questionnaireId: 'robotics', area: 'robotics' }, title('Robots'));
    expect(await publishedAs(app, editor, later.id)).toBe('1.0.1');
  });
});

describe('two publications of one questionnaire at the same moment', () => {
  const outcomes = (res: LightMyRequestResponse[]) =>
    res.map((r) => (r.statusCode >= 400 ? `${r.statusCode} ${r.json().code}` : String(r.statusCode))).sort();

  const oneApp = async () => {
    const app = await staffApp();
    apps.push(app);
    return [app, app] as const;
  };

  it('end as one after the other would: one is published, the other is outdated', async () => {
    // On PostgreSQL two instances on one database (sessions live there too), so that the two really
    // overlap; SQLite has one writer per process, and the old code raced outside its transaction there too.
    const [a, b] = ON_POSTGRES ? await twoInstances() : await oneApp();
    const { editor, second } = await editors(a);
    for (let round = 0; round < 3; round++) {
      const base = await latestOf(a, editor, 'mini');
      // A minor and a major change from the same version: the old code numbered them 1.1.0 and 2.0.0.
      const minor = await approved(a, editor, second, { from: base.id }, addQuestion(`m-team-${round}`));
      const major = await approved(a, editor, second, { from: base.id }, rescore(0.2 + round / 10));
      const res = await Promise.all([publish(a, editor, minor.id), publish(b, editor, major.id)]);
      for (const r of res) expect(r.statusCode, r.body).toBeLessThan(500);
      expect(outcomes(res)).toEqual(['200', '409 draft-outdated']);
      const numbers = (await a.database.kysely.selectFrom('questionnaire_versions').select('version')
        .where('questionnaire_id', '=', 'mini').where('status', '=', 'published').execute()).map((r) => r.version);
      expect(numbers).toHaveLength(round + 2);
      expect(new Set(numbers).size).toBe(numbers.length);
      const won = res.find((r) => r.statusCode === 200)!.json().version;
      expect((await latestOf(a, editor, 'mini')).id).toBe(won.id);
    }
  });
});
