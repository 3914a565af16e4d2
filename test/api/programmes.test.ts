// The whole staff path over the API: an admin creates a programme and assigns people, startups join
// by code and share after confirming, assessors review, managers export; plus withdrawal, deadlines,
// the dashboard's paging/filter/sort/search, and the query plans at 10,000 submissions.
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { submissionListQuery, SORTS, type SortKey } from '../../server/repositories/programmes.js';
import {
  assign, bearer, createProgramme, login, share, signedIn, staffApp, submittedResponse, type Session,
} from '../helpers/staff.js';
import * as tables from '../helpers/db.js';

let app: FastifyInstance;
let admin: Session;
beforeEach(async () => {
  app = await staffApp();
  admin = (await signedIn(app, 'admin@example.org', 'admin')).session;
});
afterEach(async () => {
  await app.close();
});

async function team(programmeId: string) {
  const invited = await assign(app, admin, programmeId, 'manager@example.org', 'manager');
  expect(invited.link.setPasswordPath).toMatch(/^\/staff\/set-password#/);
  const token = invited.link.setPasswordPath.split('#')[1];
  expect((await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token, password: 'manager passphrase' } })).statusCode).toBe(200);
  const manager = await login(app, 'manager@example.org', 'manager passphrase');
  const sessions: Session[] = [];
  for (const email of ['a1@example.org', 'a2@example.org']) {
    // Only administrators create accounts (managers assign people they already work with).
    const res = await assign(app, admin, programmeId, email, 'assessor');
    const t = res.link.setPasswordPath.split('#')[1];
    await app.inject({ method: 'POST', url: '/api/auth/set-password', payload: { token: t, password: 'assessor passphrase' } });
    sessions.push(await login(app, email, 'assessor passphrase'));
  }
  return { manager, a1: sessions[0], a2: sessions[1] };
}

describe('joining a programme', () => {
  it('withdraws once when two withdrawals arrive together: the second is told it is no longer shared, and one entry is audited', async () => {
    const p = await createProgramme(app, admin);
    const r = await submittedResponse(app);
    await share(app, r, p.joinCode, 'Twee keer BV');
    const both = await Promise.all([1, 2].map(() => app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) })));
    expect(both.map((res) => res.statusCode).sort()).toEqual([200, 409]);
    expect(both.find((res) => res.statusCode === 409)!.json().code).toBe('not-shared');
    expect(Number(await tables.value(app, "SELECT count(*) FROM audit_log WHERE action = 'submission.withdraw' AND response_id = ?", r.id))).toBe(1);
  });

  it('shows the programme by code, and shares only on explicit confirmation, with a name', async () => {
    const p = await createProgramme(app, admin);
    expect(p.joinCode).toMatch(/^[A-Z0-9]{8}$/);
    expect(p.joinPath).toBe(`/join/${p.joinCode}`);
    const info = await app.inject({ method: 'GET', url: `/api/join/${p.joinCode.toLowerCase().slice(0, 4)}-${p.joinCode.slice(4).toLowerCase()}` });
    expect(info.statusCode).toBe(200);
    expect(info.json()).toMatchObject({ name: 'Subsidie AI 2026', open: true, questionnaires: [{ id: 'mini', area: 'ai' }] });
    expect((await app.inject({ method: 'GET', url: '/api/join/ZZZZZZZZ' })).statusCode).toBe(404);

    const r = await submittedResponse(app);
    const url = `/api/responses/${r.id}/programme`;
    const unconfirmed = await app.inject({ method: 'PUT', url, headers: bearer(r.token), payload: { code: p.joinCode, name: 'Acme' } });
    expect(unconfirmed.statusCode).toBe(400);
    const noToken = await app.inject({ method: 'PUT', url, payload: { code: p.joinCode, name: 'Acme', confirm: true } });
    expect(noToken.statusCode).toBe(401);
    expect(await app.staffRepos.programmes.submissionCount(p.id)).toBe(0);

    const shared = await share(app, r, p.joinCode, '  Acme BV ');
    expect(shared).toMatchObject({ name: 'Acme BV', programme: { name: 'Subsidie AI 2026' }, withdrawnAt: null });
    expect(shared.sharedAt).toMatch(/^\d{4}-/);
    expect(await app.staffRepos.programmes.submissionCount(p.id)).toBe(1);
    const state = await app.inject({ method: 'GET', url, headers: bearer(r.token) });
    expect(state.json().name).toBe('Acme BV');
  });

  it('refuses to share an open test, a test of another area, or one shared elsewhere', async () => {
    const p = await createProgramme(app, admin);
    const started = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } })).json();
    const open = await app.inject({ method: 'PUT', url: `/api/responses/${started.id}/programme`, headers: bearer(started.token), payload: { code: p.joinCode, name: 'X', confirm: true } });
    expect(open.statusCode).toBe(409);
    expect(open.json().message).toMatch(/submit the test/);

    const xr = await createProgramme(app, admin, { name: 'XR cohort', kind: 'cohort', areas: ['ai'] });
    (await tables.exec(app, 'UPDATE programmes SET areas = ? WHERE id = ?', '["xr"]', xr.id));
    const r = await submittedResponse(app);
    const wrongArea = await app.inject({ method: 'PUT', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token), payload: { code: xr.joinCode, name: 'X', confirm: true } });
    expect(wrongArea.statusCode).toBe(409);

    const other = await createProgramme(app, admin, { name: 'Andere' });
    await share(app, r, p.joinCode, 'Acme');
    const elsewhere = await app.inject({ method: 'PUT', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token), payload: { code: other.joinCode, name: 'Acme', confirm: true } });
    expect(elsewhere.statusCode).toBe(409);
  });

  it('lets the startup withdraw before the deadline; assessors then no longer see it; after the deadline nothing changes', async () => {
    const p = await createProgramme(app, admin);
    const { a1 } = await team(p.id);
    const r = await submittedResponse(app);
    await share(app, r, p.joinCode, 'Acme');
    expect((await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: a1.read })).statusCode).toBe(200);

    const out = await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toMatchObject({ programme: null, sharedAt: null });
    expect(out.json().withdrawnAt).toMatch(/^\d{4}-/);
    expect((await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: a1.read })).statusCode).toBe(404);
    const list = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/submissions`, headers: a1.read });
    expect(list.json().total).toBe(0);
    const entries = (await tables.rows(app, 'SELECT action, programme_id FROM audit_log WHERE response_id = ? ORDER BY id', r.id));
    expect(entries).toEqual([{ action: 'submission.share', programme_id: p.id }, { action: 'submission.withdraw', programme_id: p.id }]);

    // Shared again, then the deadline passes: neither withdrawing nor sharing elsewhere is possible.
    await share(app, r, p.joinCode, 'Acme');
    (await tables.exec(app, "UPDATE programmes SET deadline = '2000-01-01T00:00:00.000Z' WHERE id = ?", p.id));
    const late = await app.inject({ method: 'DELETE', url: `/api/responses/${r.id}/programme`, headers: bearer(r.token) });
    expect(late.statusCode).toBe(409);
    expect(late.json().message).toMatch(/deadline/);
    const other = await submittedResponse(app);
    const lateShare = await app.inject({ method: 'PUT', url: `/api/responses/${other.id}/programme`, headers: bearer(other.token), payload: { code: p.joinCode, name: 'Laat', confirm: true } });
    expect(lateShare.statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url: `/api/join/${p.joinCode}` })).json().open).toBe(false);
  });
});

describe('reviewing', () => {
  it('shows the report with every answer and note, takes reviews, hides others\' reviews until one\'s own is submitted', async () => {
    const p = await createProgramme(app, admin);
    const { manager, a1, a2 } = await team(p.id);
    const r = await submittedResponse(app);
    await share(app, r, p.joinCode, '<img src=x onerror=alert(1)>');

    const list = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/submissions`, headers: a1.read });
    expect(list.statusCode).toBe(200);
    const [item] = list.json().items;
    expect(item).toMatchObject({ id: r.id, name: '<img src=x onerror=alert(1)>', area: 'ai', reviewStatus: 'submitted', knockoutCount: 0 });
    expect(typeof item.goalScore === 'number' || item.goalScore === null).toBe(true);
    expect(item.preconditionScore).toBeGreaterThan(0);

    const detail = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}?locale=en`, headers: a1.read })).json();
    expect(detail.report.locale).toBe('en');
    expect(detail.report.answers.find((a: any) => a.question === 'm-dpia')).toMatchObject({ answer: 'Partly', note: 'Concept-DPIA ligt bij de FG' });
    expect(detail.report.values.length).toBeGreaterThan(0);
    expect(detail).toMatchObject({ canReview: true, ownReview: null, otherReviews: [], othersHidden: 0 });

    const body = (judgement: string | null, submit: boolean, score = 70) => ({
      scores: { privacy: { score, comment: 'DPIA nog niet af' }, security: { score: null, comment: '' } }, judgement, comment: 'Redelijk', submit,
    });
    let res = await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: a1.write, payload: body(null, false) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'draft', judgement: null });
    res = await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: a1.write, payload: body(null, true) });
    expect(res.statusCode).toBe(400);
    res = await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: a1.write, payload: { ...body('positive', false), scores: { 'no-such-value': { score: 1, comment: '' } } } });
    expect(res.json().message).toBe('scores/no-such-value: unknown value');
    res = await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: a1.write, payload: body('positive', true) });
    expect(res.json()).toMatchObject({ status: 'submitted', judgement: 'positive' });
    res = await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: a1.write, payload: body('negative', true) });
    expect(res.statusCode).toBe(409);

    // a2 has not reviewed yet: a1's review is hidden, but counted.
    let seen = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: a2.read })).json();
    expect(seen).toMatchObject({ otherReviews: [], othersHidden: 1, submission: { reviewStatus: 'in_review' } });
    await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: a2.write, payload: body('conditional', true, 40) });
    seen = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: a2.read })).json();
    expect(seen.othersHidden).toBe(0);
    expect(seen.otherReviews.map((x: any) => [x.assessor.email, x.judgement, x.scores.privacy.score])).toEqual([['a1@example.org', 'positive', 70]]);
    // The manager does not review, and sees both.
    const m = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: manager.read })).json();
    expect(m.canReview).toBe(false);
    expect(m.otherReviews).toHaveLength(2);
    expect((await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: manager.write, payload: body('positive', true) })).statusCode).toBe(403);

    // Status: in_review → reviewed, not back to a state it cannot reach; every change is in the audit log.
    expect((await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/status`, headers: a1.write, payload: { status: 'reviewed' } })).json().reviewStatus).toBe('reviewed');
    const bad = await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/status`, headers: a1.write, payload: { status: 'submitted' } });
    expect(bad.statusCode).toBe(409);
    // A change judged on a status that has moved on meanwhile (another instance's change landing
    // between this one's read and write) changes nothing: the write names the status it moves from.
    const p2 = app.staffRepos.programmes;
    expect(await p2.setReviewStatus(r.id, p.id, 'in_review', 'submitted')).toBe(false);
    expect((await p2.submission(r.id))!.review_status).toBe('reviewed');
    const history = (await app.inject({ method: 'GET', url: `/api/submissions/${r.id}`, headers: manager.read })).json().audit;
    expect(history.map((h: any) => `${h.actor} ${h.action}`)).toEqual([
      'respondent submission.share',
      'a1@example.org review.save',
      'system status.change',
      'a1@example.org review.submit',
      'a2@example.org review.submit',
      'a1@example.org status.change',
    ]);
    expect(history[5].detail).toEqual({ from: 'in_review', to: 'reviewed' });
  });

  it('exports the programme as CSV, with formulas defused and unseen reviews left out', async () => {
    const p = await createProgramme(app, admin);
    const { manager, a1, a2 } = await team(p.id);
    const r = await submittedResponse(app);
    await share(app, r, p.joinCode, '=cmd|"/c calc"!A1');
    await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: a1.write, payload: { scores: { privacy: { score: 55, comment: '' } }, judgement: 'negative', comment: '@risico', submit: true } });
    const res = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/export.csv`, headers: manager.read });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="Subsidie-AI-2026-submissions.csv"');
    const body = res.body;
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const lines = body.slice(1).split('\r\n');
    expect(lines).toHaveLength(3);
    // An id is random base64url: one starting with '-' is defused like any other cell.
    const idCell = /^[-+=@]/.test(r.id) ? `'${r.id}` : r.id;
    expect(lines[1].startsWith(`"'=cmd|""/c calc""!A1";${idCell};AI;`)).toBe(true);
    expect(lines[1]).toContain(';55;');
    // The words of the staff pages and the report, not codes (D11); the decimal comma in Dutch.
    expect(lines[1]).toContain(';Onvolledig;;79,5;100;0;in beoordeling;');
    expect(lines[0]).toContain('a1@example.org: oordeel;a1@example.org: toelichting');
    expect(lines[1]).toContain(";Negatief;'@risico");
    const en = (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/export.csv?locale=en`, headers: manager.read })).body.split('\r\n')[1];
    expect(en).toContain(',Incomplete,,79.5,100,0,in review,');
    expect(en).toContain(",Negative,'@risico");
    // An assessor exports too, but sees another assessor's review only where their own is submitted.
    const asA2 = async () => (await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/export.csv`, headers: a2.read })).body;
    expect(await asA2()).not.toContain('a1@example.org');
    await app.inject({ method: 'PUT', url: `/api/submissions/${r.id}/review`, headers: a2.write, payload: { scores: {}, judgement: 'positive', comment: '', submit: true } });
    expect(await asA2()).toContain(";Negatief;'@risico;");
    expect(await asA2()).toContain('a2@example.org: oordeel');
  });
});

describe('the dashboard list', () => {
  it('pages, filters, sorts and searches within the programme only', async () => {
    const p = await createProgramme(app, admin);
    const other = await createProgramme(app, admin, { name: 'Ander programma' });
    const { a1 } = await team(p.id);
    const names = ['Delta', 'Alfa', 'Charlie', 'Bravo', 'Echo'];
    for (const [i, name] of names.entries()) {
      const r = await submittedResponse(app, i % 2
        ? { 'm-personal-data': { option: 'yes' }, 'm-dpia': { option: 'none' }, 'm-security': { options: ['none'] }, 'm-context': { text: 'x' } }
        : undefined);
      await share(app, r, p.joinCode, name);
    }
    await share(app, await submittedResponse(app), other.joinCode, 'Alfa elders');

    const get = async (qs: string) => {
      const res = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/submissions?${qs}`, headers: a1.read });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { items: Array<{ name: string; knockoutCount: number; goalScore: number | null }>; total: number };
    };
    expect((await get('sort=name&dir=asc')).items.map((x) => x.name)).toEqual(['Alfa', 'Bravo', 'Charlie', 'Delta', 'Echo']);
    expect((await get('sort=name&dir=desc&limit=2&offset=1')).items.map((x) => x.name)).toEqual(['Delta', 'Charlie']);
    expect((await get('sort=name&limit=2')).total).toBe(5);
    const newestFirst = (await get('')).items.map((x: any) => x.sharedAt);
    expect(newestFirst).toEqual([...newestFirst].sort().reverse());
    const withKnockouts = await get('knockouts=yes');
    expect(withKnockouts.items.map((x) => x.name).sort()).toEqual(['Alfa', 'Bravo']);
    expect(withKnockouts.items.every((x) => x.knockoutCount > 0)).toBe(true);
    expect((await get('q=alf')).items.map((x) => x.name)).toEqual(['Alfa']);
    expect((await get('q=%25')).total).toBe(0);
    expect((await get('status=reviewed')).total).toBe(0);
    expect((await get('area=xr')).total).toBe(0);
    const byScore = (await get('sort=precondition&dir=desc')).items;
    expect(byScore.slice(0, 3).map((x) => x.knockoutCount)).toEqual([0, 0, 0]);

    for (const bad of ['limit=0', 'limit=101', 'offset=-1', 'sort=password_hash', 'dir=up', 'extra=1', 'limit=1.5']) {
      const res = await app.inject({ method: 'GET', url: `/api/programmes/${p.id}/submissions?${bad}`, headers: a1.read });
      expect(res.statusCode, bad).toBe(400);
    }
  });

  it('reads every page, filter and sort of a 10,000-submission programme through an index, sorting only the 25 rows of the page', async () => {
    const p = await app.staffRepos.programmes.create({ name: 'Groot', kind: 'subsidy', areas: ['ai'], deadline: null, createdBy: null });
    const hash = ((await tables.row(app, 'SELECT hash FROM questionnaire_snapshots LIMIT 1')) as { hash: string }).hash;
    for (let start = 0; start < 10_000; start += 500) {
      const rows = [];
      for (let i = start; i < start + 500; i++) {
        const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
        rows.push({
          id: `r${String(i).padStart(21, '0')}`, token_hash: `h${i}`, snapshot_hash: hash, questionnaire_id: 'mini', area: i % 3 ? 'ai' : 'xr', locale: 'nl' as const,
          status: 'submitted' as const, answers: '{}', created_at: at, updated_at: at, submitted_at: at, profile: 'careful', goal_score: i % 101,
          precondition_score: (i * 7) % 100, completeness: (i % 10) / 10, knockout_count: i % 4, programme_id: p.id, shared_name: `Startup ${i}`, shared_at: at,
          review_status: (['submitted', 'in_review', 'reviewed'] as const)[i % 3],
        });
      }
      await app.database.kysely.insertInto('responses').values(rows).execute();
    }
    const base = { programmeId: p.id, limit: 25, offset: 9_975, direction: 'desc' as const };
    // The plans are SQLite's (EXPLAIN QUERY PLAN); PostgreSQL's planner chooses by cost and rightly
    // scans a table whose rows all belong to the one programme, so only the answers are checked there.
    if (tables.engineOf(app) === 'sqlite') {
      const plan = async (q: Parameters<typeof submissionListQuery>[1]) => {
        const { sql, parameters } = submissionListQuery(app.database.kysely, q).compile();
        return (await tables.rows<{ detail: string }>(app, `EXPLAIN QUERY PLAN ${sql}`, ...parameters)).map((r) => r.detail).join('\n');
      };
      // Before any ANALYZE (a new database): the latest attempts are one range of the list's index (the
      // flag kept on the row, migration 021), never a lookup per listed row for a later attempt (the
      // bench's list fell to 7 pages/s when that lookup scanned the programme, and to 57 at best).
      // The page's ids come from that index alone (COVERING); only the 25 rows found are then looked up
      // by id and sorted (one temporary b-tree, over 25 rows). The other sorts one team's attempts
      // shared with the programme, to name the team by its first (a handful of rows per listed row).
      const fresh = await plan({ ...base, sort: 'shared' });
      expect(fresh).toMatch(/SEARCH r USING COVERING INDEX responses_programme_shared \(programme_id=\? AND superseded_in_programme=\?\)/);
      expect(fresh).toMatch(/SEARCH r USING INDEX sqlite_autoindex_responses_1 \(id=\?\)/);
      expect(fresh).not.toMatch(/SEARCH s2 |SEARCH r[234] USING (COVERING )?INDEX responses_programme|SCAN r\b/);
      expect(fresh.match(/TEMP B-TREE/g) ?? []).toHaveLength(2);
      expect(fresh).toMatch(/SEARCH s5 USING INDEX response_scores_team \(team_id=\?\)\nSEARCH r5 USING INDEX sqlite_autoindex_responses_1 \(id=\?\)\nUSE TEMP B-TREE FOR ORDER BY/);
      await tables.exec(app, 'ANALYZE');
      for (const sort of Object.keys(SORTS) as SortKey[]) {
        for (const filter of [{}, { status: 'reviewed' as const }, { area: 'ai' }, { knockouts: true }, { search: 'Startup 12' }]) {
          const detail = await plan({ ...base, ...filter, sort });
          expect(detail, `${sort} ${JSON.stringify(filter)}`).toMatch(/SEARCH r USING (COVERING )?INDEX responses_programme_\w+ \(programme_id=\? AND superseded_in_programme=\?/);
          expect(detail, `${sort} ${JSON.stringify(filter)}`).not.toMatch(/SCAN r\b/);
          expect(detail.match(/TEMP B-TREE/g) ?? [], `${sort} ${JSON.stringify(filter)}`).toHaveLength(2);
        }
      }
    }
    const last = await app.staffRepos.programmes.listSubmissions({ ...base, sort: 'goal' });
    expect(last.total).toBe(10_000);
    expect(last.items).toHaveLength(25);
    expect(last.items[24].goal_score).toBe(0);
  });
});
