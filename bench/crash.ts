// npm run crash-test -- [--rounds=20] [--writers=8] [--synchronous=NORMAL|FULL]
// The long version of test/api/crash.test.ts: saves answers under load, kills the server with SIGKILL
// at a random moment, restarts it, and checks that every acknowledged save is there and that the
// database passes PRAGMA integrity_check. Repeats on the same database file; exits 1 on any loss.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../server/paths.js';

const args = new Map<string, string>(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? ''];
}));
const ROUNDS = Number(args.get('rounds') ?? 20);
const WRITERS = Number(args.get('writers') ?? 8);
const SYNCHRONOUS = (args.get('synchronous') ?? 'NORMAL').toUpperCase();
const SERVER = join(projectRoot(), 'dist/server/server.js');
const dir = mkdtempSync(join(tmpdir(), 'zelftoets-crash-'));
const env = { DATABASE_PATH: join(dir, 'crash.db'), RATE_LIMIT_PER_MINUTE: '0', DATABASE_SYNCHRONOUS: SYNCHRONOUS, LOG_LEVEL: 'warn' };
const port = 5100 + Math.floor(Math.random() * 400);
const base = `http://127.0.0.1:${port}`;
// Questions of the AI questionnaire that every save touches; a note carries the save's counter.
const QUESTIONS = ['ai-role', 'ai-significant-decisions', 'ai-personal-data'];
const OPTION: Record<string, string> = { 'ai-role': 'train', 'ai-significant-decisions': 'advises', 'ai-personal-data': 'yes' };

async function start(): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [SERVER], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return proc;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill('SIGKILL');
  throw new Error('server did not become ready');
}

interface Tracked { id: string; token: string; acked: Map<string, number> }

async function main() {
  if (!existsSync(SERVER)) throw new Error('build first: npm run build');
  const tracked: Tracked[] = [];
  let saves = 0;
  let failures = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const proc = await start();
    // New responses each round, old ones keep being written to: a crash must not hurt either.
    for (let i = 0; i < WRITERS; i++) {
      const res = await fetch(`${base}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"questionnaireId":"ai"}' });
      const { id, token } = (await res.json()) as { id: string; token: string };
      tracked.push({ id, token, acked: new Map() });
    }
    let stop = false;
    let counter = round * 1_000_000;
    // One save at a time per response and question, so the newest acknowledged save is also the newest committed one.
    const busy = new Set<string>();
    const writers = Array.from({ length: WRITERS * 2 }, async (_, w) => {
      while (!stop) {
        const t = tracked[Math.floor(Math.random() * tracked.length)];
        const question = QUESTIONS[(w + counter) % QUESTIONS.length];
        const key = `${t.id} ${question}`;
        if (busy.has(key)) {
          await new Promise((r) => setImmediate(r));
          continue;
        }
        busy.add(key);
        const n = ++counter;
        try {
          const res = await fetch(`${base}/api/responses/${t.id}/answers`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
            body: JSON.stringify({ answers: { [question]: { option: OPTION[question], note: `save ${n}` } } }),
          });
          if (res.ok) {
            t.acked.set(question, n);
            saves++;
          }
        } catch {
          return; // the server is gone
        } finally {
          busy.delete(key);
        }
      }
    });
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 1300));
    proc.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    if (proc.exitCode === null && proc.signalCode === null) await new Promise((r) => proc.once('exit', r));

    const db = new Database(env.DATABASE_PATH);
    const integrity = db.pragma('integrity_check', { simple: true });
    const rows = new Map((db.prepare('SELECT id, answers FROM responses').all() as Array<{ id: string; answers: string }>).map((r) => [r.id, JSON.parse(r.answers)]));
    db.close();
    let lost = 0;
    for (const t of tracked) {
      const answers = rows.get(t.id);
      for (const [question, n] of t.acked) {
        const stored = Number(String(answers?.[question]?.note ?? 'save 0').split(' ')[1]);
        // The save in flight when the server died may have landed too (stored > n); an older value means a loss.
        if (stored < n) lost++;
      }
    }
    if (integrity !== 'ok' || lost) failures++;
    console.log(`round ${round}/${ROUNDS}: ${saves} acknowledged saves so far, ${tracked.length} responses; integrity_check ${String(integrity)}; ${lost} lost`);
  }
  console.log(failures ? `FAILED in ${failures} round(s); database kept at ${env.DATABASE_PATH}` : `ok: no acknowledged save lost in ${ROUNDS} crashes (${saves} saves)`);
  process.exit(failures ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
