// Fills a database, SQLite or PostgreSQL, with the bench's responses: multi-row INSERTs through Kysely
// (the app's own connection code and migrations), a few hundred rows a statement, so memory stays
// bounded by one batch plus the ids and tokens the load tests need.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { isCheck } from '../core/open-checks.js';
import { score } from '../core/scoring.js';
import { searchKey } from '../core/search-key.js';
import type { Answer, Answers, Questionnaire } from '../core/types.js';
import { openDb, type Db } from '../server/db/connect.js';
import { migrateDb } from '../server/db/migrate.js';
import type { NewRow } from '../server/db/schema.js';
import { loadCatalog } from '../server/questionnaires/catalog.js';
import { hashToken } from '../server/repositories/responses.js';
import { createProgrammeRepository } from '../server/repositories/programmes.js';
import { createSessionRepository } from '../server/repositories/sessions.js';
import { createUserRepository } from '../server/repositories/users.js';
import { SESSION_COOKIE } from '../server/plugins/app/auth.js';

/** A small seeded PRNG (mulberry32), so every run benchmarks the same data. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid answer set as a respondent leaves it: most questions answered, some skipped, some notes. */
export function randomAnswers(q: Questionnaire, random: () => number): Answers {
  const answers: Answers = {};
  for (const question of q.sections.flatMap((s) => s.questions)) {
    // A tenth left open, except the questions a test cannot be submitted without (core/open-checks.ts):
    // those get their first option that flags nothing, without drawing a number, so every other answer
    // stays as it was.
    if (random() < 0.1) {
      if (isCheck(question)) {
        const plain = (question.options!.find((o) => !o.knockout && !o.unknownRisk) ?? question.options![0]).id;
        answers[question.id] = question.type === 'multi' ? { options: [plain] } : { option: plain };
      }
      continue;
    }
    let a: Answer;
    if (question.allowNotApplicable && random() < 0.1) a = { notApplicable: true };
    else if (question.type === 'text') a = { text: 'Ons product helpt bij het plannen van zorg.'.slice(0, 10 + Math.floor(random() * 30)) };
    else if (question.type === 'multi') {
      // Valid as the API checks it: an exclusive option ("geen van deze", "weet ik niet") stands alone.
      const exclusive = question.options!.filter((o) => o.exclusive);
      const others = question.options!.filter((o) => !o.exclusive);
      const chosen = exclusive.length && random() < 0.15
        ? [exclusive[Math.floor(random() * exclusive.length)].id]
        : others.filter(() => random() < 0.4).map((o) => o.id);
      a = { options: chosen.length ? chosen : [(others[0] ?? question.options![0]).id] };
    } else a = { option: question.options![Math.floor(random() * question.options!.length)].id };
    if (random() < 0.15) a.note = 'We werken hier aan, zie het plan voor het volgende kwartaal.';
    answers[question.id] = a;
  }
  return answers;
}

export interface Credential {
  id: string;
  token: string;
  questionnaireId: string;
  status: 'open' | 'submitted';
}

/** Where a bench database lives: a SQLite file, or a schema of its own in a PostgreSQL database. */
export type Target = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string; schema: string };

/** The environment that points `node dist/server/server.js` at a target. */
export function targetEnv(target: Target): Record<string, string> {
  return target.engine === 'sqlite' ? { DATABASE_PATH: target.path } : { DATABASE_URL: target.url, DATABASE_SCHEMA: target.schema };
}

/** Opens a target with the app's connection code and brings it to the app's schema. */
export async function openTarget(target: Target, migrationsDir: string): Promise<Db> {
  const db = openDb(target.engine === 'sqlite'
    ? { databaseUrl: null, databasePath: target.path, databaseSynchronous: 'NORMAL' }
    : { databaseUrl: target.url, databasePath: '', databaseSynchronous: 'NORMAL', databaseSchema: target.schema, databasePoolSize: 2 });
  await migrateDb(db, migrationsDir);
  return db;
}

// 22 columns × 400 rows stays far below both engines' limits on bound parameters (SQLite 32,766,
// PostgreSQL 65,535) and keeps a statement at about 1.5 MB of answers.
export const BATCH = 400;

/** Inserts rows in multi-row statements of BATCH rows; `rows` is consumed lazily, so only one batch is in memory. */
export async function insertResponses(db: Db, rows: Iterable<NewRow<'responses'>>): Promise<void> {
  let batch: NewRow<'responses'>[] = [];
  const flush = async () => {
    if (batch.length) await db.kysely.insertInto('responses').values(batch).execute();
    batch = [];
  };
  for (const row of rows) {
    batch.push(row);
    if (batch.length === BATCH) await flush();
  }
  await flush();
}

/** After bulk loading: SQLite folds its WAL into the file; PostgreSQL gathers the statistics its planner needs. */
export async function settle(db: Db): Promise<void> {
  if (db.engine === 'sqlite') db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  // Only the bench's tables (the search_path's schema): a bare ANALYZE would visit every schema in the database.
  else await sql`ANALYZE responses, response_scores, programmes, programme_members, users, sessions`.execute(db.kysely);
}

/** Seeds `count` responses spread over every questionnaire, half of them submitted. Returns every id and token. */
export async function seedDatabase(opts: { target: Target; questionnairesDir: string; migrationsDir: string; count: number }): Promise<Credential[]> {
  const catalog = loadCatalog(opts.questionnairesDir);
  const db = await openTarget(opts.target, opts.migrationsDir);
  try {
    const loaded = [...catalog.questionnaires.values()];
    const at = new Date().toISOString();
    await db.kysely.insertInto('questionnaire_snapshots')
      .values(loaded.map((q) => ({ hash: q.hash, questionnaire_id: q.document.id, version: q.document.version, area: q.document.area, document: q.canonical, created_at: at })))
      .onConflict((oc) => oc.column('hash').doNothing()).execute();
    const random = prng(7);
    // A few hundred distinct answer sets per questionnaire, scored once, reused round-robin.
    const sets = loaded.map((q) => Array.from({ length: 300 }, () => {
      const answers = randomAnswers(q.document, random);
      return { answers: JSON.stringify(answers), result: score(q.document, answers, catalog.values) };
    }));
    const credentials: Credential[] = [];
    function* rows(): Generator<NewRow<'responses'>> {
      for (let i = 0; i < opts.count; i++) {
        const area = i % loaded.length;
        const q = loaded[area];
        const { answers, result } = sets[area][Math.floor(i / loaded.length) % 300];
        const id = randomBytes(16).toString('base64url');
        const token = randomBytes(32).toString('base64url');
        const submitted = i % 2 === 1;
        const now = new Date().toISOString();
        credentials.push({ id, token, questionnaireId: q.document.id, status: submitted ? 'submitted' : 'open' });
        yield {
          id, token_hash: hashToken(token), snapshot_hash: q.hash, questionnaire_id: q.document.id, area: q.document.area, locale: i % 5 === 0 ? 'en' : 'nl',
          status: submitted ? 'submitted' : 'open', answers, revision: 0, created_at: now, updated_at: now, submitted_at: submitted ? now : null,
          profile: submitted ? result.profile : null, goal_score: submitted ? result.dimensions.goal.score : null,
          precondition_score: submitted ? result.dimensions.precondition.score : null, completeness: submitted ? result.completeness : null,
          knockout_count: submitted ? result.knockouts.length : null, scoring_version: submitted ? result.scoringVersion : null,
        };
      }
    }
    await insertResponses(db, rows());
    await settle(db);
    return credentials;
  } finally {
    await db.close();
  }
}

/**
 * A programme with `count` of the seeded submissions shared with it, and a signed-in assessor:
 * what the assessor list is measured against. Returns the programme id and the session cookie.
 */
export async function seedProgramme(opts: { target: Target; questionnairesDir: string; migrationsDir: string; count: number }): Promise<{ programmeId: string; cookie: string }> {
  const catalog = loadCatalog(opts.questionnairesDir);
  const db = await openTarget(opts.target, opts.migrationsDir);
  try {
    const users = createUserRepository(db.kysely);
    const programmes = createProgrammeRepository(db.kysely);
    const sessions = createSessionRepository(db.kysely);
    const assessor = await users.create({ email: 'bench-assessor@example.org', name: 'Bench', role: 'assessor' });
    const programme = await programmes.create({ name: 'Bench programme', kind: 'subsidy', areas: ['ai', 'xr', 'quantum'], deadline: null, createdBy: null });
    await programmes.addMember(programme.id, assessor.id);
    const now = Date.now();
    const shared = await db.kysely.selectFrom('responses').select(['id', 'questionnaire_id', 'answers']).where('status', '=', 'submitted').orderBy('id').limit(opts.count).execute();
    const ids = shared.map((r) => r.id);
    // One transaction of small updates: a few thousand statements on either engine, in seconds.
    await db.kysely.transaction().execute(async (trx) => {
      for (const [i, id] of ids.entries()) {
        await trx.updateTable('responses')
          .set({ programme_id: programme.id, shared_name: `Startup ${i}`, shared_name_key: searchKey(`Startup ${i}`), shared_at: new Date(now - i * 60_000).toISOString(), review_status: 'submitted' })
          .where('id', '=', id).execute();
      }
    });
    // The per-value scores a submit stores (each its own team's first attempt), in multi-row INSERTs:
    // without them the app would fill them in at every start-up and the start-up figure would measure that.
    for (let i = 0; i < shared.length; i += BATCH) {
      await db.kysely.insertInto('response_scores').values(shared.slice(i, i + BATCH).map((r) => {
        const result = score(catalog.questionnaires.get(r.questionnaire_id)!.document, JSON.parse(r.answers), catalog.values);
        return {
          response_id: r.id, team_id: r.id, attempt: 1,
          value_scores: JSON.stringify(Object.fromEntries(result.values.map((v) => [v.id, [v.score, v.status]]))),
          knockouts: JSON.stringify(result.knockouts.map((k) => [k.question, k.option])),
        };
      })).execute();
    }
    const session = await sessions.create(assessor.id, 24);
    await settle(db);
    return { programmeId: programme.id, cookie: `${SESSION_COOKIE}=${session.id}` };
  } finally {
    await db.close();
  }
}
