// Backup and restore on PostgreSQL (pg_dump / pg_restore), the counterpart of backup.test.ts (SQLite's
// file copy). Runs in the PostgreSQL half of the suite, where pg_dump is installed with the server.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/build.js';
import { backupPostgres, restorePostgres } from '../../server/db/pg-dump.js';
import { defaultConfig } from '../../server/config.js';
import { fixtureDir, readFixture } from '../helpers/app.js';
import { freshSchema, ON_POSTGRES, TEST_DATABASE_URL } from '../helpers/postgres.js';

const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe.skipIf(!ON_POSTGRES || !hasPgDump)('backup and restore on PostgreSQL', () => {
  it('dumps a running installation, refuses to restore over data without --force, and restores it', async () => {
    const { schema, drop } = await freshSchema();
    const config = defaultConfig({
      databaseUrl: TEST_DATABASE_URL, databaseSchema: schema, questionnairesDir: fixtureDir({ 'mini.json': readFixture('mini.json') }), clientDir: null, rateLimitPerMinute: 0,
    });
    try {
      let app = await buildApp(config);
      const started = (await app.inject({ method: 'POST', url: '/api/responses', payload: { questionnaireId: 'mini' } })).json();
      await app.inject({ method: 'PATCH', url: `/api/responses/${started.id}/answers`, headers: auth(started.token), payload: { answers: { 'm-personal-data': { option: 'no' } } } });
      // While the app runs.
      const file = join(mkdtempSync(join(tmpdir(), 'zelftoets-pgdump-')), 'z.dump');
      const summary = backupPostgres(TEST_DATABASE_URL!, file, { schema });
      expect(summary.bytes).toBeGreaterThan(0);
      expect(() => backupPostgres(TEST_DATABASE_URL!, file, { schema })).toThrow(/exists/);
      // Lost after the backup.
      await app.inject({ method: 'DELETE', url: `/api/responses/${started.id}`, headers: auth(started.token) });
      await app.close();

      await expect(restorePostgres(file, TEST_DATABASE_URL!, { schema })).rejects.toThrow(/--force/);
      await restorePostgres(file, TEST_DATABASE_URL!, { schema, force: true });
      app = await buildApp(config);
      const back = await app.inject({ url: `/api/responses/${started.id}`, headers: auth(started.token) });
      expect(back.statusCode).toBe(200);
      expect(back.json().answers).toEqual({ 'm-personal-data': { option: 'no' } });
      await app.close();
    } finally {
      await drop();
    }
  });

  it('refuses a file that is not a dump of ours', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'zelftoets-pgdump-')), 'not.dump');
    spawnSync('sh', ['-c', `echo hello > ${file}`]);
    await expect(restorePostgres(file, TEST_DATABASE_URL!, {})).rejects.toThrow(/pg_restore failed/);
  });
});
