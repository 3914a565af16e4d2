// `npm run bench -- --quick` must keep working: a smoke run on a tiny database, on both engines when
// TEST_DATABASE_URL names a PostgreSQL server (else on SQLite alone). It checks that the run completes,
// prints the side-by-side table, and that every load test measured requests the app answered with
// 2xx (a bench whose requests fail measures error pages). Needs a build and Chromium, like the
// browser tests. The bench covers both engines itself, so the PostgreSQL run of the suite skips it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/app.js';
import { ON_POSTGRES, TEST_DATABASE_URL } from '../helpers/postgres.js';

const out = mkdtempSync(join(tmpdir(), 'zelftoets-bench-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runBench(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/run.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(ON_POSTGRES)('npm run bench -- --quick', () => {
  it('completes on every engine available and every load test gets 2xx answers', async () => {
    if (!existsSync(join(ROOT, 'dist/server/server.js'))) throw new Error('build first (npm run build)');
    const engines = TEST_DATABASE_URL ? 'sqlite,postgres' : 'sqlite';
    // DATABASE_URL of the environment must not decide where the bench writes.
    const env: Record<string, string> = { BENCH_DATABASE_URL: TEST_DATABASE_URL ?? '', DATABASE_URL: '' };
    const run = await runBench(['--quick', '--responses=1200', '--duration=1', '--loads=1', `--engines=${engines}`, `--out=${out}`], env);
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(run.stdout).toMatch(/QUICK RUN, not for quoting/);
    expect(run.stdout).toMatch(/\| Figure +\| SQLite +\| ratio \(comparison\) +\| SQLite 2026-11-22: ratio, change/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    expect(results.engines.map((e: { engine: string }) => e.engine)).toEqual(engines.split(','));
    for (const engine of results.engines) {
      for (const [name, { real }] of Object.entries(engine.loads as Record<string, { real: { non2xx: number; errors: number; total: number } }>)) {
        expect({ engine: engine.engine, name, total: real.total > 0, non2xx: real.non2xx, errors: real.errors }).toEqual({ engine: engine.engine, name, total: true, non2xx: 0, errors: 0 });
      }
      expect(engine.cohort.stored).toBeGreaterThan(0);
    }
    if (TEST_DATABASE_URL) {
      expect(run.stdout).toMatch(/\| PostgreSQL +\|/);
      expect(run.stdout).toMatch(/Two instances on one PostgreSQL database/);
      const pg = results.engines.find((e: { engine: string }) => e.engine === 'postgres');
      for (const name of ['save', 'report']) expect([pg.twoInstances[name].two.non2xx, pg.twoInstances[name].two.errors]).toEqual([0, 0]);
    } else {
      expect(run.stdout).toMatch(/PostgreSQL was not measured: not asked for/);
    }
  }, 900_000);
});
