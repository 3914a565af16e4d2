// A process killed mid-work loses no acknowledged answer: save under load, SIGKILL, restart, compare.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureDir, readFixture, ROOT } from '../helpers/app.js';

const SERVER = join(ROOT, 'dist/server/server.js');
let child: ChildProcess | null = null;

async function startServer(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [SERVER], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' }, stdio: 'ignore' });
  // Up to 30 s: on a CI machine busy with the rest of the suite a start can take well over 10 s.
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return proc;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill('SIGKILL');
  throw new Error('server did not become ready');
}

afterEach(() => {
  child?.kill('SIGKILL');
  child = null;
});

describe('crash safety', () => {
  it('keeps every acknowledged save through a SIGKILL', { timeout: 60_000 }, async () => {
    if (!existsSync(SERVER)) throw new Error('build the server first: npm run build');
    const dir = mkdtempSync(join(tmpdir(), 'zelftoets-crash-'));
    const env = {
      DATABASE_PATH: join(dir, 'crash.db'),
      QUESTIONNAIRES_DIR: fixtureDir({ 'mini.json': readFixture('mini.json') }),
      RATE_LIMIT_PER_MINUTE: '0',
    };
    // Not 4045 or 4190: fetch refuses those (WHATWG bad ports) and the server would never seem ready.
    let port = 3900 + Math.floor(Math.random() * 500);
    if (port === 4045 || port === 4190) port++;
    const base = `http://127.0.0.1:${port}`;
    child = await startServer(env, port);

    const responses = await Promise.all([0, 1, 2, 3].map(async () => {
      const r = await fetch(`${base}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"questionnaireId":"mini"}' });
      return (await r.json()) as { id: string; token: string };
    }));
    // The last acknowledged note per response; notes carry a counter so every save differs.
    const acknowledged = new Map<string, string>();
    let stop = false;
    const writers = responses.map(async ({ id, token }) => {
      for (let n = 0; !stop; n++) {
        const note = `save ${n}`;
        try {
          const res = await fetch(`${base}/api/responses/${id}/answers`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ answers: { 'm-personal-data': { option: n % 2 ? 'yes' : 'no', note } } }),
          });
          if (res.ok) acknowledged.set(id, note);
        } catch {
          return; // the server is gone
        }
      }
    });
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 700));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.size).toBe(responses.length);

    const db = new Database(env.DATABASE_PATH);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();

    child = await startServer(env, port);
    for (const { id, token } of responses) {
      const state = await (await fetch(`${base}/api/responses/${id}`, { headers: { authorization: `Bearer ${token}` } })).json();
      const stored = Number(state.answers['m-personal-data'].note.split(' ')[1]);
      const acked = Number(acknowledged.get(id)!.split(' ')[1]);
      // The store may hold one save newer than the last acknowledgement (killed before the reply), never older.
      expect(stored).toBeGreaterThanOrEqual(acked);
      expect(stored).toBeLessThanOrEqual(acked + 1);
    }
  });
});
