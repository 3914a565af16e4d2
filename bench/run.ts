// npm run bench — every figure next to the comparison it is measured against in the same run.
// How to run and how to read the tables: docs/benchmarks.md. The API, start-up, memory and cohort figures
// are measured on SQLite and on PostgreSQL in one run, side by side, plus two app instances on one
// PostgreSQL database against one. Options: --quick (a smoke run with fewer loads and shorter load
// tests; its figures are not the documented ones), --loads=N, --duration=S, --responses=N,
// --engines=sqlite|postgres|sqlite,postgres (default both), --out=DIR (default bench/.out),
// --only=attack (autosave with and without an inline-questionnaire attack, alone, on SQLite).
import autocannon from 'autocannon';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { score } from '../core/scoring.js';
import { searchKey } from '../core/search-key.js';
import type { Questionnaire } from '../core/types.js';
import { defaultConfig } from '../server/config.js';
import { projectRoot } from '../server/paths.js';
import { loadCatalog } from '../server/questionnaires/catalog.js';
import { toSurveyJs } from './convert.js';
import { postgresServer, type PostgresServer } from './postgres.js';
import { againstPrevious, PREVIOUS, type PreviousFigure } from './previous.js';
import { insertResponses, prng, randomAnswers, seedDatabase, seedProgramme, targetEnv, type Credential, type Target } from './seed.js';

const ROOT = projectRoot();
process.chdir(ROOT);
const args = new Map<string, string | undefined>(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v];
}));
const OUT = resolve(ROOT, args.get('out') ?? 'bench/.out');
const QUICK = args.has('quick');
const LOADS = Number(args.get('loads') ?? (QUICK ? 3 : 12));
const DURATION = Number(args.get('duration') ?? (QUICK ? 3 : 10));
const RESPONSES = Number(args.get('responses') ?? 100_000);
const LIST_SUBMISSIONS = Math.min(10_000, Math.floor(RESPONSES / 2));
const CONNECTIONS = 50;
type Engine = 'sqlite' | 'postgres';
const ENGINES = (args.get('engines') ?? 'sqlite,postgres').split(',') as Engine[];
if (!ENGINES.length || ENGINES.some((e) => e !== 'sqlite' && e !== 'postgres')) throw new Error('--engines takes sqlite, postgres or sqlite,postgres');
const config = defaultConfig();

// ---- helpers ----------------------------------------------------------------------------------
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
const mib = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MiB`;
const log = (msg: string) => process.stderr.write(`· ${msg}\n`);
const children: ChildProcess[] = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

// Generous: the quick run shares two cores with the whole test suite in CI. Each probe is cut off
// after a few seconds, so one stalled connection cannot use up the whole wait.
async function waitFor(url: string, proc: ChildProcess, timeoutMs = 120_000): Promise<number> {
  const t0 = performance.now();
  let last = 'no answer yet';
  while (performance.now() - t0 < timeoutMs) {
    if (proc.exitCode !== null) throw new Error(`${url}: process exited with ${proc.exitCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return performance.now() - t0;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = String((err as Error).cause ?? err); // not listening yet, or a probe that timed out
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (last probe: ${last})`);
}

function startProcess(argv: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, argv, { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}
async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Peak and current resident memory of a process, from Linux's /proc. */
function memoryOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
  return { peak: field('VmHWM'), now: field('VmRSS') };
}

let nextPort = 4100 + Math.floor(Math.random() * 400);
// fetch refuses the WHATWG "bad ports" outright ("bad port"); 4190 (sieve) lies in this range and made
// the run wait out its whole start-up timeout whenever the random start landed below it.
const FETCH_BAD_PORTS = new Set([4190]);
const port = () => {
  while (FETCH_BAD_PORTS.has(nextPort)) nextPort++;
  return nextPort++;
};

const SERVER = join(ROOT, 'dist/server/server.js');
async function startApp(target: Target) {
  const p = port();
  // Vite's build sets NODE_ENV=production in this process, and production wants PUBLIC_URL.
  const proc = startProcess([SERVER], { PORT: String(p), PUBLIC_URL: `http://127.0.0.1:${p}`, ...targetEnv(target), RATE_LIMIT_PER_MINUTE: '0' });
  const ms = await waitFor(`http://127.0.0.1:${p}/api/health`, proc);
  return { proc, base: `http://127.0.0.1:${p}`, startMs: ms };
}
async function startCeiling(sizes: Record<string, number> = {}) {
  const p = port();
  const proc = startProcess([join(ROOT, 'bench/ceiling-server.mjs')], { PORT: String(p), CEILING_SIZES: JSON.stringify(sizes) });
  const ms = await waitFor(`http://127.0.0.1:${p}/ceiling/health`, proc);
  return { proc, base: `http://127.0.0.1:${p}`, startMs: ms };
}

// ---- 1. page weight ---------------------------------------------------------------------------
interface ManifestChunk { file: string; css?: string[]; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; src?: string }
type Manifest = Record<string, ManifestChunk>;

/** The files a chunk needs before it runs: itself, its CSS, and its static imports with theirs. */
function closure(manifest: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no chunk ${key}`);
    files.add(chunk.file);
    chunk.css?.forEach((c) => files.add(c));
    chunk.imports?.forEach(visit);
  };
  keys.forEach(visit);
  return files;
}

function weigh(dir: string, files: Set<string>) {
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const bytes = readFileSync(join(dir, f));
    raw += bytes.length;
    gz += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: [...files], raw, gz };
}

async function pageWeights() {
  log('building the app and the SurveyJS page with Vite (manifests under bench/.out)');
  const appOut = join(OUT, 'app');
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: appOut, emptyOutDir: true, manifest: true } });
  const sjOut = join(OUT, 'surveyjs');
  await build({ configFile: join(ROOT, 'bench/surveyjs/vite.config.ts'), build: { outDir: sjOut, emptyOutDir: true } });
  const appManifest = JSON.parse(readFileSync(join(appOut, '.vite/manifest.json'), 'utf8')) as Manifest;
  const sjManifest = JSON.parse(readFileSync(join(sjOut, '.vite/manifest.json'), 'utf8')) as Manifest;
  // The test page is either its own lazy chunk or part of the entry bundle; count whichever it is.
  const testPage = Object.keys(appManifest).find((k) => /pages\/Test\/TestPage\.tsx$/.test(k));
  const appEntry = Object.keys(appManifest).find((k) => appManifest[k].isEntry)!;
  const sjEntry = Object.keys(sjManifest).find((k) => sjManifest[k].isEntry)!;
  return {
    app: weigh(appOut, closure(appManifest, testPage ? [appEntry, testPage] : [appEntry])),
    surveyjs: weigh(sjOut, closure(sjManifest, [sjEntry])),
  };
}

// ---- 2. time to first question ----------------------------------------------------------------
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];

/**
 * Records performance.now() (ms since navigation start) when the first element matching the selector
 * has a box. A string, not a function: tsx wraps named functions in a helper the page does not have.
 */
const watchFor = (selector: string) => `(() => {
  const observer = new MutationObserver(() => {
    if (window.__firstQuestion !== undefined) return;
    const el = document.querySelector(${JSON.stringify(selector)});
    if (el && el.getBoundingClientRect().height > 0) {
      window.__firstQuestion = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

async function timeToFirstQuestion(browser: Browser, url: string, selector: string, storage?: Record<string, string>) {
  const context = await browser.newContext(); // a new context has an empty cache: a cold load
  if (storage) await context.addInitScript(`for (const [k, v] of Object.entries(${JSON.stringify(storage)})) localStorage.setItem(k, v);`);
  await context.addInitScript(watchFor(selector));
  const page = await context.newPage();
  const scripts = new Set<string>();
  page.on('request', (r) => {
    if (['script', 'stylesheet'].includes(r.resourceType())) scripts.add(new URL(r.url()).pathname);
  });
  await page.goto(url);
  await page.waitForFunction(() => (window as any).__firstQuestion !== undefined, null, { timeout: 20_000 });
  const ms = await page.evaluate(() => (window as any).__firstQuestion as number);
  await context.close();
  return { ms, files: scripts.size };
}

// ---- 3. API load ------------------------------------------------------------------------------
interface LoadResult { rps: number; p50: number; p99: number; non2xx: number; errors: number; total: number }

/** `base` may be several instances of the app: autocannon spreads its connections over them evenly. */
async function load(base: string | string[], request: { method: string; setup: (req: any) => any }, duration = DURATION, maxRequests?: number): Promise<LoadResult> {
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration,
    ...(maxRequests ? { maxOverallRequests: maxRequests } : {}),
    requests: [{ method: request.method, setupRequest: request.setup }],
  });
  return {
    rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99,
    non2xx: result.non2xx, errors: result.errors + result.timeouts, total: result.requests.total,
  };
}

// ---- 4. autosave under an inline-questionnaire attack ------------------------------------------
interface AttackResult { quiet: LoadResult; attacked: LoadResult; attacker: { sent: number; statuses: Record<string, number> } }

/**
 * Normal users autosave at a steady rate while one client sends invalid inline questionnaires to
 * POST /api/score at the rate the limiter allows one address (RATE_LIMIT_PER_MINUTE 600 = 10/s;
 * the app runs with the limiter off so the autosave load is not limited too): bodies of bare
 * numbers just under the inline cap (minutes of ajv without the list bound), 250 KiB of wrong
 * questions within every bound, and 1 MiB bodies over the cap.
 */
async function autosaveUnderAttack(base: string, save: { method: string; setup: (req: any) => any }, catalogQuestionnaire: unknown): Promise<AttackResult> {
  const SAVE_RATE = 200;
  const steady = async () => {
    const result = await autocannon({ url: base, connections: 20, overallRate: SAVE_RATE, duration: DURATION, requests: [{ method: save.method, setupRequest: save.setup }] });
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts, total: result.requests.total };
  };
  const { id, version, area, title, scoring, relevance } = catalogQuestionnaire as Record<string, unknown>;
  const numbers = { id, version, area, title, scoring, relevance, sections: [{ id: 's', title: { nl: 's', en: 's' }, questions: Array(120_000).fill(1) }] };
  // Within every list bound: the slowest shape found for the schema check (about 0.3 s for 250 KiB).
  const junk = { id, version, area, title, scoring, relevance, sections: Array.from({ length: 50 }, () => ({ id: 's', questions: Array.from({ length: 40 }, () => ({ type: 'text', options: Array(30).fill(1), values: Array(13).fill(1) })) })) };
  const oversized = { ...(catalogQuestionnaire as object), padding: 'x'.repeat(1000 * 1024) };
  const bodies = [numbers, junk, oversized].map((questionnaire) => JSON.stringify({ questionnaire, answers: {} }));
  const quiet = await steady();
  const statuses: Record<string, number> = {};
  const attack = autocannon({
    url: `${base}/api/score`, connections: 4, overallRate: 10, duration: DURATION + 2, method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: bodies.map((body) => ({ method: 'POST', path: '/api/score', body, headers: { 'content-type': 'application/json' } })),
  });
  attack.on('response', (_client: unknown, status: number) => { statuses[status] = (statuses[status] ?? 0) + 1; });
  await new Promise((r) => setTimeout(r, 1000));
  const attacked = await steady();
  const a = await attack;
  return { quiet, attacked, attacker: { sent: a.requests.total, statuses } };
}

type Row = (figure: string, value: string, comparison: string, ratio: string, goal: string, met: boolean | null) => void;
function attackRows(row: Row, { quiet, attacked, attacker }: AttackResult) {
  row('Autosave at 200/s while one client sends bad inline questionnaires at 10/s, p50 / p99', `${attacked.p50} / ${attacked.p99} ms`, `without the attack ${quiet.p50} / ${quiet.p99} ms`, `${(attacked.p99 / Math.max(1, quiet.p99)).toFixed(2)}×`, 'p99 < 50 ms', attacked.p99 < 50);
  if (attacked.non2xx || attacked.errors) row('  autosaves refused or failed under attack', `${attacked.non2xx} non-2xx, ${attacked.errors} errors of ${attacked.total}`, '', '', 'none', false);
  row('  the attacker\'s answers', Object.entries(attacker.statuses).map(([k, v]) => `${v}× ${k}`).join(', '), `${attacker.sent} sent`, '', '400/413/503 only', Object.keys(attacker.statuses).every((k) => ['400', '413', '429', '503'].includes(k)));
}

/** A Markdown table printer for these rows: header, rule, then each row. */
function tableLine(rows: string[][], header = ['Figure', 'Zelftoets', 'Compared with (same run)', 'Ratio', 'Goal', 'Met']) {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return Object.assign(line, { head: () => `${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}` });
}

/** npm run bench -- --only=attack: the attack scenario alone, on a small database (a few minutes less than the whole bench). */
async function attackOnly() {
  if (!existsSync(SERVER)) throw new Error('build first: npm run build');
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const catalog = loadCatalog(config.questionnairesDir);
  const ai = catalog.questionnaires.get('ai')!.document;
  const target: Target = { engine: 'sqlite', path: join(OUT, 'attack.db') };
  const creds = await seedDatabase({ target, questionnairesDir: config.questionnairesDir, migrationsDir: config.migrationsDir, count: 5_000 });
  const pool = creds.filter((c) => c.status === 'open' && c.questionnaireId === 'ai').slice(0, 2000);
  const single = ai.sections.flatMap((sec) => sec.questions).filter((q) => q.type === 'single' || q.type === 'scale');
  const bodies = single.flatMap((q) => q.options!.map((o) => JSON.stringify({ answers: { [q.id]: { option: o.id } } })));
  let i = 0;
  const save = { method: 'PATCH', setup: (req: any) => { const c = pool[i % pool.length]; const body = bodies[i++ % bodies.length]; return { ...req, method: 'PATCH', path: `/api/responses/${c.id}/answers`, headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` }, body }; } };
  const app = await startApp(target);
  await load(app.base, save, 2);
  log(`autosave with and without an inline-questionnaire attack: ${DURATION} s each`);
  const attack = await autosaveUnderAttack(app.base, save, ai);
  await stop(app.proc);
  const rows: string[][] = [];
  attackRows((...r) => rows.push([r[0], r[1], r[2], r[3], r[4], r[5] === null ? '—' : r[5] ? 'yes' : 'NO']), attack);
  const line = tableLine(rows);
  console.log(`\nZelftoets benchmark, attack scenario only — ${new Date().toISOString()}`);
  console.log(line.head());
  rows.forEach((r) => console.log(line(r)));
  writeFileSync(join(OUT, 'attack.json'), JSON.stringify(attack, null, 2));
}

// ---- main -------------------------------------------------------------------------------------
type Catalog = ReturnType<typeof loadCatalog>;

/**
 * The cohort dashboard's aggregates over a 10,000-submission programme, read from the per-value scores
 * stored at submit time, against the naive way (read every answer set and rescore it).
 */
async function cohortTiming(catalog: Catalog, target: Target) {
  const { buildApp } = await import('../server/build.js');
  const { cohortOf, teamListOf } = await import('../server/integration/cohort-view.js');
  const app = await buildApp(defaultConfig(target.engine === 'sqlite'
    ? { databasePath: target.path, clientDir: null }
    : { databaseUrl: target.url, databaseSchema: target.schema, clientDir: null }));
  try {
    const n = QUICK ? 2_000 : 10_000;
    const q = catalog.questionnaires.get('ai')!;
    const p = await app.staffRepos.programmes.create({ name: 'Bench cohort', kind: 'cohort', areas: ['ai'], deadline: null, createdBy: null });
    const random = prng(7);
    const db = app.database;
    const results: Array<[string, ReturnType<typeof score>]> = [];
    function* rows() {
      for (let i = 0; i < n; i++) {
        const id = `b${String(i).padStart(21, '0')}`;
        const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
        const answers = randomAnswers(q.document, random);
        const r = score(q.document, answers, catalog.values);
        results.push([id, r]);
        // One in five is a re-take of the submission before it, so progress has teams to measure.
        const previous = i % 5 === 4 ? `b${String(i - 1).padStart(21, '0')}` : null;
        yield {
          id, token_hash: `h${i}`, snapshot_hash: q.hash, questionnaire_id: 'ai', area: 'ai', locale: 'nl' as const, status: 'submitted' as const,
          answers: JSON.stringify(answers), created_at: at, updated_at: at, submitted_at: at, profile: r.profile, goal_score: r.dimensions.goal.score,
          precondition_score: r.dimensions.precondition.score, completeness: r.completeness, knockout_count: r.knockouts.length, programme_id: p.id,
          shared_name: `Team ${i}`, shared_name_key: searchKey(`Team ${i}`), shared_at: at, review_status: 'submitted' as const, previous_response_id: previous,
        };
      }
    }
    await insertResponses(db, rows());
    for (const [id, r] of results) await app.integration.valueScores.store(id, r);
    // 10,000 full score results (contributions, actions) would stay on the heap through the timing, a
    // heap no server has: every collection during the measurement would walk them.
    results.length = 0;
    if (db.engine === 'sqlite') db.sqlite.exec('ANALYZE');
    else await db.pool.query('ANALYZE responses, response_scores');
    const time = async (fn: () => unknown, runs: number) => {
      await fn();
      const out: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await fn();
        out.push(performance.now() - t);
      }
      return median(out);
    };
    const runs = QUICK ? 5 : 20;
    // What the dashboard's route answers (server/routes/api/cohort.ts): the figures and the team list,
    // not the raw rows they are computed from.
    const dashboard = async () => {
      const { rows, ...figures } = await cohortOf(app.integration, catalog, p, undefined, 5, 20);
      return JSON.stringify({ ...figures, teamList: teamListOf(rows.submissions) });
    };
    const stored = await time(dashboard, runs);
    const all = () => db.kysely.selectFrom('responses').select('answers').where('programme_id', '=', p.id).execute();
    const rescore = await time(async () => (await all()).map((r) => score(q.document, JSON.parse(r.answers), catalog.values)), 3);
    return { n, runs, stored, rescore };
  } finally {
    await app.close();
  }
}

/** Median of 12 cold loads of the first question, ours against SurveyJS, alternating which goes first. */
async function firstQuestion(appBase: string, ai: Questionnaire) {
  log(`time to first question: ${LOADS} cold loads each`);
  const surveyJson = join(OUT, 'survey.json');
  writeFileSync(surveyJson, JSON.stringify(toSurveyJs(ai)));
  const sp = port();
  const statics = startProcess(['--import', 'tsx', join(ROOT, 'bench/static-server.ts')], { PORT: String(sp), STATIC_ROOT: join(OUT, 'surveyjs'), SURVEY_JSON: surveyJson });
  await waitFor(`http://127.0.0.1:${sp}/survey.json`, statics);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const ours: number[] = [];
  const theirs: number[] = [];
  let ourFiles = 0;
  let theirFiles = 0;
  const one = async (which: 'ours' | 'theirs') => {
    if (which === 'ours') {
      const r = await (await fetch(`${appBase}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"questionnaireId":"ai"}' })).json() as { id: string; token: string };
      const t = await timeToFirstQuestion(browser, `${appBase}/test/${r.id}`, 'fieldset.question', { [`zelftoets:response:${r.id}`]: JSON.stringify({ id: r.id, token: r.token }) });
      ours.push(t.ms);
      ourFiles = t.files;
    } else {
      const t = await timeToFirstQuestion(browser, `http://127.0.0.1:${sp}/index.html`, '.sd-question');
      theirs.push(t.ms);
      theirFiles = t.files;
    }
  };
  await one('ours'); // one uncounted load each, so neither pays for starting the browser
  await one('theirs');
  ours.length = 0;
  theirs.length = 0;
  for (let i = 0; i < LOADS; i++) {
    // Alternating the order spreads any drift in the machine's speed over both.
    const order: Array<'ours' | 'theirs'> = i % 2 ? ['theirs', 'ours'] : ['ours', 'theirs'];
    for (const which of order) await one(which);
  }
  await browser.close();
  await stop(statics);
  return { ours, theirs, ourFiles, theirFiles };
}

const LOADS_MEASURED = ['save', 'submit', 'report', 'list'] as const;
type LoadName = (typeof LOADS_MEASURED)[number];
type Scenario = { method: string; setup: (req: any) => any };

/**
 * Everything measured once per engine: seeding, start-up (empty and full database, against the
 * ceiling's), the four API loads each right after the same load on the ceiling, peak memory, and the
 * cohort figures. On the first engine also the browser loads and the attack scenario (they measure
 * the page and the inline-questionnaire check, not the database); on PostgreSQL also two instances.
 */
async function measureEngine(engine: Engine, pgServer: PostgresServer | null, catalog: Catalog, first: boolean) {
  const ai = catalog.questionnaires.get('ai')!.document;
  const newTarget = async (name: string): Promise<Target> =>
    engine === 'sqlite' ? { engine, path: join(OUT, `${name}.db`) } : { engine, url: pgServer!.url, schema: await pgServer!.newSchema() };

  log(`${engine}: seeding ${RESPONSES} responses`);
  const target = await newTarget('bench');
  const t0 = performance.now();
  const creds = await seedDatabase({ target, questionnairesDir: config.questionnairesDir, migrationsDir: config.migrationsDir, count: RESPONSES });
  const staff = await seedProgramme({ target, questionnairesDir: config.questionnairesDir, migrationsDir: config.migrationsDir, count: LIST_SUBMISSIONS });
  const seedMs = performance.now() - t0;
  const dbBytes = engine === 'sqlite' ? readFileSync((target as { path: string }).path).length : null;

  log(`${engine}: start-up times`);
  const startEmpty: number[] = [];
  const startFull: number[] = [];
  const startCeil: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = await startApp(await newTarget(`empty-${i}`));
    startEmpty.push(a.startMs);
    await stop(a.proc);
    const c = await startCeiling();
    startCeil.push(c.startMs);
    await stop(c.proc);
  }
  for (let i = 0; i < 2; i++) {
    const a = await startApp(target);
    startFull.push(a.startMs);
    await stop(a.proc);
  }
  const app = await startApp(target);
  startFull.push(app.startMs);
  const idle = memoryOf(app.proc.pid!);

  const browser = first ? await firstQuestion(app.base, ai) : null;

  log(`${engine}: API load`);
  const open = creds.filter((c) => c.status === 'open');
  const savePool = open.filter((c) => c.questionnaireId === 'ai').slice(0, 2000);
  const submitPool = open.filter((c) => !savePool.includes(c));
  const reportPool = creds.filter((c) => c.status === 'submitted').slice(0, 5000);
  const single = ai.sections.flatMap((s) => s.questions).filter((q) => q.type === 'single' || q.type === 'scale');
  const saveBodies = single.flatMap((q) => q.options!.map((o) => JSON.stringify({ answers: { [q.id]: { option: o.id } } })));
  const roundRobin = <T>(pool: T[]) => {
    let i = 0;
    return () => pool[i++ % pool.length];
  };
  const authOf = (c: Credential) => ({ 'content-type': 'application/json', authorization: `Bearer ${c.token}` });
  const listPath = (offset: number) => `/api/programmes/${staff.programmeId}/submissions?limit=25&offset=${offset}&sort=shared`;
  const nextPage = (() => {
    let page = 0;
    return () => ((page++ * 25) % LIST_SUBMISSIONS);
  })();
  // One submit pool for the whole engine: every submit must find its response still open.
  const nextSubmit = roundRobin(submitPool);
  const scenarios = (ceiling: boolean): Record<LoadName, Scenario> => {
    const nextSave = roundRobin(savePool);
    const nextBody = roundRobin(saveBodies);
    const nextReport = roundRobin(reportPool);
    const path = (c: Credential, tail: string) => (ceiling ? `/ceiling/${c.id}/${tail}` : `/api/responses/${c.id}/${tail}`);
    return {
      save: { method: 'PATCH', setup: (req: any) => { const c = nextSave(); return { ...req, method: 'PATCH', path: path(c, 'answers'), headers: authOf(c), body: nextBody() }; } },
      submit: { method: 'POST', setup: (req: any) => { const c = nextSubmit(); return { ...req, method: 'POST', path: path(c, 'submit'), headers: { authorization: `Bearer ${c.token}` } }; } },
      report: { method: 'GET', setup: (req: any) => { const c = nextReport(); return { ...req, method: 'GET', path: path(c, 'report'), headers: { authorization: `Bearer ${c.token}` } }; } },
      // The assessor's list: a page of 25, paging through all of the programme's submissions.
      list: { method: 'GET', setup: (req: any) => ({ ...req, method: 'GET', path: ceiling ? '/ceiling/list' : listPath(nextPage()), headers: { cookie: staff.cookie } }) },
    };
  };

  // The ceiling answers with as many bytes as the real routes do.
  const sizeOf = async (url: string, init: RequestInit) => (await (await fetch(url, init)).arrayBuffer()).byteLength;
  const probe = savePool[0];
  const submitProbe = submitPool.pop()!;
  const sizes: Record<LoadName, number> = {
    save: await sizeOf(`${app.base}/api/responses/${probe.id}/answers`, { method: 'PATCH', headers: authOf(probe), body: saveBodies[0] }),
    submit: await sizeOf(`${app.base}/api/responses/${submitProbe.id}/submit`, { method: 'POST', headers: { authorization: `Bearer ${submitProbe.token}` } }),
    report: await sizeOf(`${app.base}/api/responses/${reportPool[0].id}/report`, { headers: { authorization: `Bearer ${reportPool[0].token}` } }),
    list: await sizeOf(`${app.base}${listPath(0)}`, { headers: { cookie: staff.cookie } }),
  };
  const ceiling = await startCeiling(sizes);

  // A submit signs its report's statement (docs/verification.md); the seeded submissions were written
  // without one, so each would be signed on its first view inside the measured seconds. Asked for once
  // beforehand, as their owners would have seen them after submitting.
  log(`  ${engine}: the ${reportPool.length} seeded reports' statements, as their submits would have made them`);
  for (let i = 0; i < reportPool.length; i += 16) {
    await Promise.all(reportPool.slice(i, i + 16).map(async (c) => {
      const res = await fetch(`${app.base}/api/responses/${c.id}/report`, { headers: { authorization: `Bearer ${c.token}` } });
      await res.arrayBuffer();
    }));
  }

  // Warm both up (JIT, caches) before measuring.
  await load(app.base, scenarios(false).save, 2);
  await load(ceiling.base, scenarios(true).save, 2);
  const real = scenarios(false);
  const bare = scenarios(true);
  const loads = {} as Record<LoadName, { real: LoadResult; ceiling: LoadResult }>;
  for (const name of LOADS_MEASURED) {
    log(`  ${engine} ${name}: ${DURATION} s on the app, ${DURATION} s on the ceiling`);
    // Submitting twice is a 409: the app's submits stop when every open one is submitted. The bare
    // ceiling submits nothing, so it runs its whole duration: capped at the pool too, it stopped after
    // 2-4 s and autocannon averaged the pool over whole seconds (12,000, 16,000 or 24,000 req/s).
    const max = name === 'submit' ? submitPool.length : undefined;
    loads[name] = { real: await load(app.base, real[name], DURATION, max), ceiling: await load(ceiling.base, bare[name], DURATION) };
  }
  const mem = memoryOf(app.proc.pid!);
  const ceilMem = memoryOf(ceiling.proc.pid!);
  await stop(ceiling.proc);

  let attack: AttackResult | null = null;
  if (engine === 'sqlite') {
    log(`  autosave with and without an inline-questionnaire attack: ${DURATION} s each`);
    attack = await autosaveUnderAttack(app.base, real.save, ai);
  }

  // Two app processes on one database, the load generator's connections spread over both, against
  // the one instance's figures just measured.
  let twoInstances: Record<'save' | 'report', { one: LoadResult; two: LoadResult }> | null = null;
  if (engine === 'postgres') {
    log(`  postgres, two instances: save and report, ${DURATION} s each`);
    const second = await startApp(target);
    const both = [app.base, second.base];
    await load(second.base, scenarios(false).save, 2);
    twoInstances = {
      save: { one: loads.save.real, two: await load(both, real.save) },
      report: { one: loads.report.real, two: await load(both, real.report) },
    };
    await stop(second.proc);
  }
  await stop(app.proc);

  log(`${engine}: cohort figures`);
  const cohort = await cohortTiming(catalog, await newTarget('cohort'));
  return { engine, seedMs, dbBytes, startEmpty, startFull, startCeil, idle, mem, ceilMem, sizes, loads, attack, twoInstances, cohort, browser };
}
type EngineResult = Awaited<ReturnType<typeof measureEngine>>;

/**
 * Reports per second, measured in a process of its own (bench/scoring.ts): in this one, after seeding
 * two engines' worth of responses, the larger heap made the garbage collector halve the AI figure.
 */
function scoringRates(): Array<{ id: string; reports: number; scores: number }> {
  log('scoring (in a separate process)');
  const out = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/scoring.ts'), ...(QUICK ? ['--quick'] : [])], { cwd: ROOT, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`bench/scoring.ts failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1)!);
}

const x = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const yesNo = (met: boolean | null) => (met === null ? '—' : met ? 'yes' : 'NO');
const printTable = (header: string[], rows: string[][]) => {
  const line = tableLine(rows, header);
  console.log(line.head());
  rows.forEach((r) => console.log(line(r)));
};

/** What the engine-independent table shows: the page, the browser, scoring and the attack. */
function independentRows(weights: Awaited<ReturnType<typeof pageWeights>>, first: EngineResult, scoring: ReturnType<typeof scoringRates>): string[][] {
  const rows: string[][] = [];
  const row: Row = (figure, value, comparison, ratio, goal, met) => rows.push([figure, value, comparison, ratio, goal, yesNo(met)]);
  const { ours, theirs } = first.browser!;
  row('Page weight, JS+CSS to first question (gzip)', kb(weights.app.gz), `SurveyJS ${kb(weights.surveyjs.gz)}`, x(weights.app.gz, weights.surveyjs.gz), '≤ 0.20×', weights.app.gz <= weights.surveyjs.gz / 5);
  row('  same, uncompressed', kb(weights.app.raw), `SurveyJS ${kb(weights.surveyjs.raw)}`, x(weights.app.raw, weights.surveyjs.raw), '', null);
  row(`Time to first question, median of ${ours.length} cold loads (${first.engine})`, `${median(ours).toFixed(0)} ms`, `SurveyJS ${median(theirs).toFixed(0)} ms`, x(median(ours), median(theirs)), '≤ 0.50×', median(ours) <= median(theirs) / 2);
  row('  fastest / slowest load', `${Math.min(...ours).toFixed(0)} / ${Math.max(...ours).toFixed(0)} ms`, `${Math.min(...theirs).toFixed(0)} / ${Math.max(...theirs).toFixed(0)} ms`, '', '', null);
  const reportCeiling = first.loads.report.ceiling.rps;
  for (const s of scoring) {
    row(`Scoring ${s.id}: reports/s (score() alone)`, `${s.reports.toFixed(0)} (${s.scores.toFixed(0)})`, `bare Fastify ${reportCeiling.toFixed(0)} req/s`, x(s.reports, reportCeiling), '≥ 1× (never the bottleneck)', s.reports >= reportCeiling);
  }
  if (first.attack) attackRows(row, first.attack);
  return rows;
}

/**
 * The side-by-side table: per engine the figure and its ratio to the comparison measured in the same
 * run (for loads, the ceiling right after it), and for SQLite the ratio of the last documented run
 * next to today's with the 10 % budget checked.
 */
function engineRows(results: EngineResult[]): { header: string[]; rows: string[][] } {
  const header = ['Figure', ...results.flatMap((r) => {
    const name = r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    return r.engine === 'sqlite' ? [name, 'ratio (comparison)', `SQLite ${PREVIOUS.date}: ratio, change`] : [name, 'ratio (comparison)'];
  }), 'Goal', 'Met'];
  const rows: string[][] = [];
  type Cell = { value: string; ours?: number; theirs?: number; comparison?: string; previous?: PreviousFigure; higherIsBetter?: boolean; met?: boolean | null };
  const row = (figure: string, goal: string, cell: (r: EngineResult) => Cell) => {
    const cells = results.map(cell);
    const mets = cells.map((c) => c.met ?? null);
    rows.push([figure, ...results.flatMap((r, i) => {
      const c = cells[i];
      const ratio = c.ours !== undefined && c.theirs ? `${x(c.ours, c.theirs)} (${c.comparison})` : c.comparison ?? '';
      if (r.engine !== 'sqlite') return [c.value, ratio];
      let before = '';
      if (c.previous && c.ours !== undefined && c.theirs) {
        const p = againstPrevious(c.previous, c.ours / c.theirs, c.higherIsBetter ?? true);
        before = `${p.before.toFixed(2)}×, ${p.change >= 0 ? '+' : '−'}${Math.abs(p.change * 100).toFixed(0)} % ${p.ok ? 'ok' : 'OVER BUDGET'}`;
      }
      return [c.value, ratio, before];
    }), goal, mets.every((m) => m === null) ? '—' : mets.map(yesNo).join(' / ')]);
  };
  const labels: Record<LoadName, string> = { save: 'Save answers (PATCH …/answers)', submit: 'Submit (POST …/submit)', report: 'Report (GET …/report)', list: `Assessor list (${LIST_SUBMISSIONS.toLocaleString('en')} shared, pages of 25)` };
  for (const name of LOADS_MEASURED) {
    const isSave = name === 'save';
    row(`${labels[name]}, req/s`, isSave ? '≥ 0.50×' : '', (r) => {
      const { real, ceiling } = r.loads[name];
      return { value: real.rps.toFixed(0), ours: real.rps, theirs: ceiling.rps, comparison: `bare Fastify ${ceiling.rps.toFixed(0)}, ${r.sizes[name]} B`, previous: name, met: isSave ? real.rps >= ceiling.rps / 2 : null };
    });
    row('  latency p50 / p99', isSave ? 'p99 < 50 ms' : '', (r) => {
      const { real, ceiling } = r.loads[name];
      return { value: `${real.p50} / ${real.p99} ms`, comparison: `bare Fastify ${ceiling.p50} / ${ceiling.p99} ms`, met: isSave ? real.p99 < 50 : null };
    });
    if (results.some((r) => r.loads[name].real.non2xx || r.loads[name].real.errors)) {
      row('  refused or failed', 'none', (r) => {
        const { non2xx, errors, total } = r.loads[name].real;
        return { value: `${non2xx} non-2xx, ${errors} errors of ${total}`, met: !non2xx && !errors };
      });
    }
  }
  row(`Cohort figures, ${results[0].cohort.n.toLocaleString('en')} submissions`, '< 500 ms', (r) => ({
    value: `${r.cohort.stored.toFixed(0)} ms`, ours: r.cohort.stored, theirs: r.cohort.rescore, comparison: `rescoring all ${r.cohort.rescore.toFixed(0)} ms`,
    previous: 'cohort', higherIsBetter: false, met: r.cohort.stored < 500,
  }));
  row('Start-up, all questionnaires + migrations, empty DB (median of 3)', '', (r) => ({
    value: `${median(r.startEmpty).toFixed(0)} ms`, ours: median(r.startEmpty), theirs: median(r.startCeil), comparison: `bare Fastify ${median(r.startCeil).toFixed(0)} ms`,
    previous: 'startup', higherIsBetter: false,
  }));
  row(`  same, ${RESPONSES.toLocaleString('en')} responses in the DB`, '', (r) => ({ value: `${median(r.startFull).toFixed(0)} ms` }));
  row('Peak RSS of the server under the loads above', '', (r) => ({
    value: mib(r.mem.peak), ours: r.mem.peak, theirs: r.ceilMem.peak, comparison: `bare Fastify ${mib(r.ceilMem.peak)}; idle app ${mib(r.idle.now)}`,
    previous: 'memory', higherIsBetter: false,
  }));
  row(`Seeding ${RESPONSES.toLocaleString('en')} responses`, '', (r) => ({ value: `${(r.seedMs / 1000).toFixed(1)} s`, comparison: r.dbBytes ? `file ${mib(r.dbBytes)}` : '' }));
  return { header, rows };
}

async function main() {
  const started = performance.now();
  if (!existsSync(SERVER) || !existsSync(join(ROOT, 'dist/client/index.html'))) throw new Error('build first: npm run build (npm run bench does)');
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const catalog = loadCatalog(config.questionnairesDir);

  let pgServer: PostgresServer | null = null;
  let pgMissing: string | null = null;
  if (ENGINES.includes('postgres')) {
    const found = await postgresServer(ROOT);
    if ('reason' in found) pgMissing = found.reason;
    else pgServer = found;
  } else pgMissing = 'not asked for (--engines=sqlite)';
  // The schemas and a cluster the bench started go, even when the run is interrupted.
  const cleanUp = async () => { await pgServer?.close(); pgServer = null; };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  if (pgMissing) log(`PostgreSQL: ${pgMissing}`);
  const engines = ENGINES.filter((e) => e === 'sqlite' || pgServer);
  if (!engines.length) throw new Error(`nothing to measure: ${pgMissing}`);

  let weights: Awaited<ReturnType<typeof pageWeights>>;
  const results: EngineResult[] = [];
  let scoring: ReturnType<typeof scoringRates>;
  let pgSource = '';
  try {
    weights = await pageWeights();
    for (const [i, engine] of engines.entries()) results.push(await measureEngine(engine, pgServer, catalog, i === 0));
    scoring = scoringRates();
    pgSource = pgServer?.source ?? '';
  } finally {
    await cleanUp();
  }

  const os = await import('node:os');
  console.log(`\nZelftoets benchmark — ${new Date().toISOString()}${QUICK ? ' — QUICK RUN, not for quoting' : ''}`);
  console.log(`Node ${process.version}, ${os.cpus().length} cores; ${CONNECTIONS} connections, ${DURATION} s per load test; ${RESPONSES.toLocaleString('en')} responses per engine\n`);
  printTable(['Figure', 'Zelftoets', 'Compared with (same run)', 'Ratio', 'Goal', 'Met'], independentRows(weights, results[0], scoring));
  console.log(`\nFirst-question page: Zelftoets ${weights.app.files.length} files (${results[0].browser!.ourFiles} JS/CSS requested by the browser), SurveyJS ${weights.surveyjs.files.length} files (${results[0].browser!.theirFiles} requested).`);

  console.log(`\nBoth engines${pgSource ? ` (PostgreSQL: ${pgSource})` : ''}; Met is ${results.map((r) => (r.engine === 'sqlite' ? 'SQLite' : 'PostgreSQL')).join(' / ')}:`);
  const side = engineRows(results);
  printTable(side.header, side.rows);
  if (pgMissing) console.log(`\nPostgreSQL was not measured: ${pgMissing}. Set BENCH_DATABASE_URL to a PostgreSQL database to add its column.`);

  const pg = results.find((r) => r.twoInstances);
  if (pg?.twoInstances) {
    console.log('\nTwo instances on one PostgreSQL database against one (the load generator spreads its connections over both; all on this machine\'s cores):');
    printTable(['Figure', '1 instance', '2 instances', '2 ÷ 1'], (['save', 'report'] as const).flatMap((name) => {
      const { one, two } = pg.twoInstances![name];
      const failed = two.non2xx || two.errors ? [[`  refused or failed, 2 instances`, '', `${two.non2xx} non-2xx, ${two.errors} errors of ${two.total}`, '']] : [];
      return [
        [`${name === 'save' ? 'Save answers' : 'Report'}, req/s`, one.rps.toFixed(0), two.rps.toFixed(0), x(two.rps, one.rps)],
        ['  latency p50 / p99', `${one.p50} / ${one.p99} ms`, `${two.p50} / ${two.p99} ms`, ''],
        ...failed,
      ];
    }));
  }
  console.log(`\nFinished in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  writeFileSync(join(OUT, 'results.json'), JSON.stringify({ quick: QUICK, responses: RESPONSES, duration: DURATION, weights, scoring, engines: results, postgres: pgMissing ? { missing: pgMissing } : { source: pgSource } }, null, 2));
}

(args.get('only') === 'attack' ? attackOnly() : main()).then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
