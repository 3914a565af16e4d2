// Fills a SQLite database file with responses, in one transaction.
import { randomBytes } from 'node:crypto';
import { score } from '../core/scoring.js';
import type { Answer, Answers, Questionnaire } from '../core/types.js';
import { migrate, openDatabase } from '../server/db/database.js';
import { loadCatalog } from '../server/questionnaires/catalog.js';
import { hashToken } from '../server/repositories/responses.js';
import { createProgrammeRepository } from '../server/repositories/programmes.js';
import { createSessionRepository } from '../server/repositories/sessions.js';
import { sqliteDb } from '../server/db/connect.js';
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
    if (random() < 0.1) continue;
    let a: Answer;
    if (question.allowNotApplicable && random() < 0.1) a = { notApplicable: true };
    else if (question.type === 'text') a = { text: 'Ons product helpt bij het plannen van zorg.'.slice(0, 10 + Math.floor(random() * 30)) };
    else if (question.type === 'multi') {
      const chosen = question.options!.filter(() => random() < 0.4).map((o) => o.id);
      a = { options: chosen.length ? chosen : [question.options![0].id] };
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

/** Seeds `count` responses spread over every questionnaire, half of them submitted. Returns every id and token. */
export function seedDatabase(opts: { databasePath: string; questionnairesDir: string; migrationsDir: string; count: number }): Credential[] {
  const catalog = loadCatalog(opts.questionnairesDir);
  const db = openDatabase(opts.databasePath);
  migrate(db, opts.migrationsDir);
  const loaded = [...catalog.questionnaires.values()];
  // Straight into the file, in one transaction: the repositories are asynchronous (Kysely) and seeding
  // tens of thousands of rows one await at a time would measure nothing useful.
  const snapshot = db.prepare('INSERT OR IGNORE INTO questionnaire_snapshots (hash, questionnaire_id, version, area, document, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const q of loaded) snapshot.run(q.hash, q.document.id, q.document.version, q.document.area, q.canonical, new Date().toISOString());
  const insert = db.prepare(
    `INSERT INTO responses (id, token_hash, snapshot_hash, questionnaire_id, area, locale, status, answers, revision, created_at, updated_at,
       submitted_at, profile, goal_score, precondition_score, completeness, knockout_count, scoring_version)
     VALUES (@id, @tokenHash, @hash, @questionnaireId, @area, @locale, @status, @answers, 0, @now, @now, @submittedAt, @profile, @goal, @precondition,
       @completeness, @knockouts, @scoringVersion)`,
  );
  const random = prng(7);
  // A few hundred distinct answer sets per questionnaire, scored once, reused round-robin.
  const sets = loaded.map((q) => Array.from({ length: 300 }, () => {
    const answers = randomAnswers(q.document, random);
    return { answers, result: score(q.document, answers, catalog.values) };
  }));
  const credentials: Credential[] = [];
  db.transaction(() => {
    for (let i = 0; i < opts.count; i++) {
      const area = i % loaded.length;
      const q = loaded[area];
      const { answers, result } = sets[area][Math.floor(i / loaded.length) % 300];
      const id = randomBytes(16).toString('base64url');
      const token = randomBytes(32).toString('base64url');
      const submitted = i % 2 === 1;
      const now = new Date().toISOString();
      insert.run({
        id, tokenHash: hashToken(token), hash: q.hash, questionnaireId: q.document.id, area: q.document.area, locale: i % 5 === 0 ? 'en' : 'nl',
        status: submitted ? 'submitted' : 'open', answers: JSON.stringify(answers), now, submittedAt: submitted ? now : null,
        profile: submitted ? result.profile : null, goal: submitted ? result.dimensions.goal.score : null,
        precondition: submitted ? result.dimensions.precondition.score : null, completeness: submitted ? result.completeness : null,
        knockouts: submitted ? result.knockouts.length : null, scoringVersion: submitted ? result.scoringVersion : null,
      });
      credentials.push({ id, token, questionnaireId: q.document.id, status: submitted ? 'submitted' : 'open' });
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return credentials;
}

/**
 * A programme with `count` of the seeded submissions shared with it, and a signed-in assessor:
 * what the assessor list is measured against. Returns the programme id and the session cookie.
 */
export async function seedProgramme(opts: { databasePath: string; count: number }): Promise<{ programmeId: string; cookie: string }> {
  const database = sqliteDb(openDatabase(opts.databasePath));
  const db = database.sqlite;
  const users = createUserRepository(database.kysely);
  const programmes = createProgrammeRepository(database.kysely);
  const sessions = createSessionRepository(database.kysely);
  const assessor = await users.create({ email: 'bench-assessor@example.org', name: 'Bench', role: 'assessor' });
  const programme = await programmes.create({ name: 'Bench programme', kind: 'subsidy', areas: ['ai', 'xr', 'quantum'], deadline: null, createdBy: null });
  await programmes.addMember(programme.id, assessor.id);
  const now = Date.now();
  const share = db.prepare(
    `UPDATE responses SET programme_id = @programme, shared_name = @name, shared_at = @at, review_status = 'submitted'
     WHERE id = @id`,
  );
  const ids = db.prepare("SELECT id FROM responses WHERE status = 'submitted' LIMIT ?").pluck().all(opts.count) as string[];
  db.transaction(() => {
    ids.forEach((id, i) => share.run({ programme: programme.id, name: `Startup ${i}`, at: new Date(now - i * 60_000).toISOString(), id }));
  })();
  const session = await sessions.create(assessor.id, 24);
  db.pragma('wal_checkpoint(TRUNCATE)');
  await database.close();
  return { programmeId: programme.id, cookie: `${SESSION_COOKIE}=${session.id}` };
}
