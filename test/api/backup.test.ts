// Online backup while the app writes, and a restore that checks before it replaces anything.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../server/cli/backup.js';
import { databaseInUse, restoreDatabase } from '../../server/cli/restore.js';
import { ROOT, testApp } from '../helpers/app.js';

const run = promisify(execFile);
const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function appOn(databasePath: string) {
  const app = await testApp({ databasePath });
  apps.push(app);
  return app;
}

async function start(app: FastifyInstance) {
  const res = await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } });
  return res.json() as { id: string; token: string };
}

async function save(app: FastifyInstance, r: { id: string; token: string }, note: string) {
  const res = await app.inject({
    method: 'PATCH', url: `/api/responses/${r.id}/answers`, headers: { authorization: `Bearer ${r.token}` },
    payload: { answers: { 'm-personal-data': { option: 'yes', note } } },
  });
  expect(res.statusCode).toBe(200);
  return res.json().revision as number;
}

async function noteOf(app: FastifyInstance, r: { id: string; token: string }) {
  const res = await app.inject({ method: 'GET', url: `/api/responses/${r.id}`, headers: { authorization: `Bearer ${r.token}` } });
  return res.statusCode === 200 ? (res.json().answers['m-personal-data']?.note as string | undefined) : undefined;
}

describe('backup and restore', () => {
  it('backs up while the app keeps saving, and restores that backup in place of a later database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zelftoets-backup-'));
    const live = join(dir, 'live.db');
    const app = await appOn(live);
    const before = await Promise.all([0, 1, 2].map(() => start(app)));
    for (const r of before) await save(app, r, 'before backup');

    // Saves keep going while the backup runs: the backup must neither block them nor come out torn.
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        await save(app, before[n % before.length], `during ${n}`);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const backupFile = join(dir, 'backup.db');
    const summary = await backupDatabase(live, backupFile);
    writing = false;
    await writer;
    expect(summary.responses).toBe(3);
    expect(summary.migrations).toContain('001_responses');
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
    const copy = new Database(backupFile, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();

    // A backup never silently overwrites an earlier one.
    await expect(backupDatabase(live, backupFile)).rejects.toThrow(/exists/);

    // After the backup a response is added and one changed: the restore must bring the old state back.
    const after = await start(app);
    await save(app, before[0], 'after backup');
    expect(databaseInUse(live)).toBe(true);
    expect(() => restoreDatabase(backupFile, live, { force: true })).toThrow(/in use; stop the app/);

    await app.close();
    apps.splice(apps.indexOf(app), 1);
    expect(databaseInUse(live)).toBe(false);
    expect(() => restoreDatabase(backupFile, live)).toThrow(/exists; pass --force/);
    const restored = restoreDatabase(backupFile, live, { force: true });
    expect(restored.responses).toBe(3);
    expect(restored.replaced && existsSync(restored.replaced)).toBe(true);

    const reopened = await appOn(live);
    for (const r of before) expect(await noteOf(reopened, r)).toMatch(/^(before backup|during \d+)$/);
    expect(await noteOf(reopened, after)).toBeUndefined();
    // The replaced database is kept whole: it still has the response made after the backup.
    const old = new Database(restored.replaced!, { readonly: true });
    expect(old.prepare('SELECT count(*) AS n FROM responses').get()).toEqual({ n: 4 });
    old.close();
  });

  it('refuses a damaged or foreign file as a backup and leaves the database untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zelftoets-restore-'));
    const live = join(dir, 'live.db');
    const app = await appOn(live);
    const r = await start(app);
    await save(app, r, 'keep me');
    await app.close();
    apps.length = 0;

    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'SQLite format 3\0'.padEnd(8192, 'x'));
    expect(() => restoreDatabase(garbage, live, { force: true })).toThrow();
    const foreign = join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE other (x)');
    f.close();
    expect(() => restoreDatabase(foreign, live, { force: true })).toThrow(/not a Zelftoets database/);
    expect(() => restoreDatabase(join(dir, 'missing.db'), live, { force: true })).toThrow(/no backup/);

    expect(await noteOf(await appOn(live), r)).toBe('keep me');
    expect(readdirSync(dir).filter((name) => name.includes('.restoring-') || name.includes('.replaced-'))).toEqual([]);
  });

  it('runs as the documented commands', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zelftoets-cli-'));
    const live = join(dir, 'live.db');
    const app = await appOn(live);
    const r = await start(app);
    await save(app, r, 'from the cli');
    const tsx = ['--import', 'tsx'];
    const out = await run(process.execPath, [...tsx, 'server/cli/backup.ts', join(dir, 'b.db'), '--db', live], { cwd: ROOT });
    expect(out.stdout).toMatch(/backup ok: .*b\.db .*1 responses/);
    const refused = await run(process.execPath, [...tsx, 'server/cli/restore.ts', join(dir, 'b.db'), '--db', live, '--force'], { cwd: ROOT }).catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/restore refused: .* is in use/);
    await app.close();
    apps.length = 0;
    const restored = await run(process.execPath, [...tsx, 'server/cli/restore.ts', join(dir, 'b.db'), '--db', join(dir, 'fresh', 'new.db')], { cwd: ROOT });
    expect(restored.stdout).toMatch(/restore ok: .*new\.db now holds 1 responses/);
    expect(await noteOf(await appOn(join(dir, 'fresh', 'new.db')), r)).toBe('from the cli');
  });
});
