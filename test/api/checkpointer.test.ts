// Checkpoints run in the background worker, not inside a save.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SAFETY_NET_PAGES } from '../../server/db/checkpointer.js';
import { testApp } from '../helpers/app.js';
import { sqliteOf } from '../helpers/db.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Frames in the WAL right now (a passive checkpoint reports them; it moves nothing when all are already copied). */
function walFrames(path: string): number {
  const db = new Database(path);
  const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
  db.close();
  return log;
}

async function walAfterSaves(intervalMs: number): Promise<number> {
  const databasePath = join(mkdtempSync(join(tmpdir(), 'zelftoets-wal-')), 'w.db');
  const app = await testApp({ databasePath, checkpointIntervalMs: intervalMs });
  expect(sqliteOf(app).pragma('wal_autocheckpoint', { simple: true })).toBe(SAFETY_NET_PAGES);
  const { id, token } = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } })).json();
  for (let i = 0; i < 300; i++) {
    await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: auth(token), payload: { answers: { 'm-context': { text: `draft ${i}` } } } });
  }
  await new Promise((r) => setTimeout(r, 300));
  // One more save: once everything was checkpointed, the writer starts the log from the beginning.
  await app.inject({ method: 'PATCH', url: `/api/responses/${id}/answers`, headers: auth(token), payload: { answers: { 'm-context': { text: 'final' } } } });
  const frames = walFrames(databasePath);
  await app.close();
  return frames;
}

describe('background checkpoints', () => {
  it('keep the write-ahead log short without any save doing the checkpoint', { timeout: 60_000 }, async () => {
    // With the worker checking every 50 ms the log restarts; with it effectively off, 300 saves stay in it.
    const withWorker = await walAfterSaves(50);
    const withoutWorker = await walAfterSaves(60 * 60 * 1000);
    expect(withoutWorker).toBeGreaterThan(300);
    expect(withWorker).toBeLessThan(20);
  });
});

describe('closing the app', () => {
  it('waits for the checkpoint worker instead of letting the process end mid-close', { timeout: 90_000 }, async () => {
    const { spawnSync } = await import('node:child_process');
    const { ROOT } = await import('../helpers/app.js');
    const databasePath = join(mkdtempSync(join(tmpdir(), 'zelftoets-close-')), 'c.db');
    // Nothing but the close is pending: an unref'd worker would let Node exit before it returns.
    const code = `
      import { buildApp } from './server/build.ts';
      import { defaultConfig } from './server/config.ts';
      const app = await buildApp(defaultConfig({ databasePath: ${JSON.stringify(databasePath)}, clientDir: null }));
      await app.close();
      console.log('closed');`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 80_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('closed');
  });
});
