// The production install: operations people run `npm ci --omit=dev` on the release folder and use
// the built app. Every command they need must work from dist/ with only the production dependencies,
// and nothing in dist may load a dev dependency, not even on a path a quick smoke run never takes.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join, relative, resolve } from 'node:path';
import Database from 'better-sqlite3';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../server/db/sqlite-copy.js';
import { ROOT } from '../helpers/app.js';
import { freshSchema } from '../helpers/postgres.js';

const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const LOCK = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
const CLI_SOURCES = readdirSync(join(ROOT, 'server/cli')).filter((f) => f.endsWith('.ts')).map((f) => basename(f, '.ts'));
const cliScripts = () => Object.entries(PKG.scripts).filter(([, command]) => command.startsWith('node dist/server/cli/'));

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
}

/**
 * Every module specifier a compiled file can load: static imports, re-exports, import(), require()
 * and require.resolve() (the checkpoint worker finds better-sqlite3 that way). Read from the syntax
 * tree, so comments and strings that merely mention "import" do not count.
 */
function specifiers(code: string): { literal: string[]; computed: number } {
  const literal = new Set<string>();
  let computed = 0;
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      literal.add(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const loads =
        callee.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(callee) && callee.text === 'require') ||
        (ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve' && /\brequire\b|createRequire\(/.test(callee.expression.getText()));
      if (loads) {
        const arg = node.arguments[0];
        if (arg && ts.isStringLiteralLike(arg)) literal.add(arg.text);
        // require(workerData.driver) in the worker's source text is a string here, not code; a computed
        // name in real code cannot be checked, so none may exist.
        else computed++;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('file.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS));
  return { literal: [...literal], computed };
}

const packageName = (spec: string) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const isBuiltin = (spec: string) => spec.startsWith('node:') || builtinModules.includes(packageName(spec));

/**
 * node_modules as `npm ci --omit=dev` makes it: every package the lock file does not mark dev, hard-
 * linked from this checkout's node_modules (same files, no copying, no network, native builds included).
 */
function productionModules(target: string) {
  for (const [key, entry] of Object.entries(LOCK.packages)) {
    if (!/^node_modules\/(@[^/]+\/)?[^/]+$/.test(key) || entry.dev) continue;
    const source = join(ROOT, key);
    if (!existsSync(source)) continue; // an optional package for another platform
    mkdirSync(dirname(join(target, key)), { recursive: true });
    const cp = spawnSync('cp', ['-al', source, join(target, key)]);
    if (cp.status !== 0) cpSync(source, join(target, key), { recursive: true }); // another file system
  }
}

/** The environment of an operator's shell: no dev tool on PATH, no loader in NODE_OPTIONS, nothing from the npm running this test. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('npm_') || k === 'NODE_OPTIONS' || k === 'NODE_PATH' || k.startsWith('VITEST') || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  env.PATH = (process.env.PATH ?? '').split(delimiter).filter((p) => !p.includes('node_modules')).join(delimiter);
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

let out: string;
let release: string;
let data: string;

function npm(args: string[], extra: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync('npm', ['--silent', ...args], { cwd: release, env: cleanEnv({ DATABASE_PATH: join(data, 'live.db'), ...extra }), encoding: 'utf8', timeout: 60_000 });
}

function expectOk(result: SpawnSyncReturns<string>) {
  expect(result.stderr, result.stdout).not.toMatch(/error|cannot find/i);
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(() => {
  for (const file of ['dist/server/server.js', 'dist/client/index.html']) {
    if (!existsSync(join(ROOT, file))) throw new Error(`build first (npm run build): ${file} is missing`);
  }
  // A space in the install folder, as real install paths sometimes have.
  out = mkdtempSync(join(tmpdir(), 'zelftoets release '));
  for (let dir = out; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) throw new Error(`${dir}/node_modules would leak packages into the release under test`);
  }
  const made = spawnSync(process.execPath, [join(ROOT, 'scripts/release.mjs'), '--out', out, '--no-build', '--no-tar'], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`release failed: ${made.stderr}`);
  release = join(out, `${PKG.name}-${PKG.version}`);
  productionModules(release);
  data = join(out, 'data');
  mkdirSync(data);
}, 120_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

/**
 * References a build never follows: a worker thread (worker-entry.ts) loads its TypeScript source through tsx
 * only when the module itself runs from source (tests, tsx); compiled, it loads the sibling .js.
 */
const DEV_ONLY: Record<string, string[]> = {
  'dist/server/worker-entry.js': ['tsx/package.json'],
};

describe('production install', () => {
  it('nothing compiled loads a package outside "dependencies", or a file that is not in dist', () => {
    const problems: string[] = [];
    const files = [...jsFiles(join(ROOT, 'dist/server')), ...jsFiles(join(ROOT, 'dist/core'))];
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const { literal, computed } = specifiers(readFileSync(file, 'utf8'));
      const where = relative(ROOT, file);
      if (computed) problems.push(`${where}: import() of a computed name`);
      for (const spec of literal) {
        if (spec.startsWith('.')) {
          if (!existsSync(resolve(dirname(file), spec))) problems.push(`${where}: ${spec} does not exist in dist`);
        } else if (!isBuiltin(spec) && !(packageName(spec) in PKG.dependencies) && !DEV_ONLY[where]?.includes(spec)) {
          problems.push(`${where}: ${spec} is not in "dependencies"`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('the scan sees every way of loading a module', () => {
    const code = `import a from 'x1'; import { b } from "@s/x2/deep"; export * from 'x3'; import 'x4';
      // import('x0') in a comment, and a string: "import y from 'x0'"
      const c = await import('x5'); const d = require('x6'); createRequire(import.meta.url).resolve('x7'); await import(name);
      path.resolve('not-a-module');`;
    const { literal, computed } = specifiers(code);
    expect(literal.map(packageName).sort()).toEqual(['@s/x2', 'x1', 'x3', 'x4', 'x5', 'x6', 'x7']);
    expect(computed).toBe(1);
  });

  it('every command in server/cli has an npm script that runs its build with plain node', () => {
    const scripted = new Map(cliScripts().map(([name, command]) => [command.split(' ')[1], name]));
    for (const cli of CLI_SOURCES) expect(scripted.get(`dist/server/cli/${cli}.js`), `npm script for server/cli/${cli}.ts`).toBeDefined();
    for (const [name, command] of Object.entries(PKG.scripts)) {
      if (/server\/cli\//.test(command)) expect(command, name).toMatch(/^node dist\/server\/cli\/[\w-]+\.js$/);
    }
  });

  it('the release keeps only scripts that run without dev dependencies, and every CLI among them', () => {
    const shipped = JSON.parse(readFileSync(join(release, 'package.json'), 'utf8'));
    expect(shipped.dependencies).toEqual(PKG.dependencies);
    expect(shipped.scripts.start).toBe('node dist/server/server.js');
    for (const command of Object.values(shipped.scripts)) expect(command).toMatch(/^node dist\//);
    for (const [name] of cliScripts()) expect(shipped.scripts[name]).toBe(PKG.scripts[name]);
    for (const item of ['dist/server/server.js', 'dist/client/index.html', 'migrations', 'questionnaires', 'package-lock.json', 'README.md', 'docs/operations.md']) {
      expect(existsSync(join(release, item)), item).toBe(true);
    }
    expect(existsSync(join(release, 'node_modules/tsx'))).toBe(false);
    expect(existsSync(join(release, 'node_modules/better-sqlite3'))).toBe(true);
  });

  it('docs/operations.md has a row for every environment variable the server reads', () => {
    const sources = [...jsFiles(join(ROOT, 'dist/server'))].map((f) => readFileSync(f, 'utf8')).join('\n');
    const read = new Set([...sources.matchAll(/\benv(?:\.|\[['"])([A-Z][A-Z0-9_]+)|intFromEnv\(env, '([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] ?? m[2]));
    expect(read.size).toBeGreaterThan(10);
    const table = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    for (const name of read) expect(table, name).toContain(`| \`${name}\` |`);
  });

  it('every CLI answers --help from the release', { timeout: 60_000 }, () => {
    expect(cliScripts().length).toBeGreaterThanOrEqual(CLI_SOURCES.length);
    for (const [name] of cliScripts()) {
      const result = npm(['run', name, '--', '--help']);
      expectOk(result);
      expect(result.stdout, name).toMatch(/^usage: /);
    }
  });

  it('validate, create-admin, backup and restore do their work from the release', { timeout: 60_000 }, () => {
    const validate = npm(['run', 'validate']);
    expectOk(validate);
    expect(validate.stdout).toMatch(/^3 questionnaire\(s\) valid$/m);

    const admin = npm(['run', 'create-admin', '--', '--email', 'ops@example.org'], { PUBLIC_URL: 'https://toets.example.org' });
    expectOk(admin);
    expect(admin.stdout).toMatch(/^created admin ops@example\.org$/m);
    expect(admin.stdout).toMatch(/^https:\/\/toets\.example\.org\/staff\/set-password#\S+$/m);

    const backupFile = join(data, 'backup.db');
    const backup = npm(['run', 'backup', '--', backupFile]);
    expectOk(backup);
    expect(backup.stdout).toMatch(/^backup ok: /m);

    // A later change, undone by restoring the backup over the live database.
    // Without PUBLIC_URL it says so instead of printing a link on a guessed address, and stores nothing.
    const unset = npm(['run', 'create-admin', '--', '--email', 'nolink@example.org']);
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toMatch(/PUBLIC_URL must be set/);
    expect(unset.stdout).not.toMatch(/localhost/);
    expectOk(npm(['run', 'create-admin', '--', '--email', 'later@example.org'], { PUBLIC_URL: 'https://toets.example.org' }));
    const restore = npm(['run', 'restore', '--', backupFile, '--force']);
    expectOk(restore);
    expect(restore.stdout).toMatch(/^restore ok: /m);
    const db = new Database(join(data, 'live.db'), { readonly: true });
    const emails = (db.prepare('SELECT email FROM users ORDER BY email').all() as Array<{ email: string }>).map((u) => u.email);
    db.close();
    expect(emails).toEqual(['ops@example.org']);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)('migrate-to-postgres copies an installation from the release, and a second run only verifies', { timeout: 60_000 }, async () => {
    const source = join(data, 'move.db');
    expectOk(npm(['run', 'create-admin', '--', '--email', 'ops@example.org'], { DATABASE_PATH: source, PUBLIC_URL: 'https://toets.example.org' }));
    const { schema, drop } = await freshSchema();
    try {
      const env = { DATABASE_URL: process.env.TEST_DATABASE_URL!, DATABASE_SCHEMA: schema };
      const first = npm(['run', 'migrate-to-postgres', '--', '--from', source], env);
      expectOk(first);
      expect(first.stdout).toMatch(new RegExp(`^copied: \\d+ rows in ${TABLES.length} tables identical`, 'm'));
      const again = npm(['run', 'migrate-to-postgres', '--', '--from', source], env);
      expectOk(again);
      expect(again.stdout).toMatch(/^already copied; verified again: /m);
    } finally {
      await drop();
    }
  });

  it('render:questionnaires writes the same reviewer pages as the repository holds', { timeout: 30_000 }, () => {
    expectOk(npm(['run', 'render:questionnaires']));
    for (const area of ['ai', 'quantum', 'xr']) {
      expect(readFileSync(join(release, `docs/questionnaires/${area}.md`), 'utf8')).toBe(readFileSync(join(ROOT, `docs/questionnaires/${area}.md`), 'utf8'));
    }
  });

  it('npm start serves the built app and API from the release', { timeout: 60_000 }, async () => {
    const port = await freePort();
    const child = spawn('npm', ['start'], {
      cwd: release,
      env: cleanEnv({ PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(data, 'served.db') }),
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true, // its own process group, so npm and the node it starts stop together
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    try {
      let health: Response | null = null;
      for (let i = 0; i < 150 && !health; i++) {
        health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
        if (!health) await new Promise((r) => setTimeout(r, 100));
      }
      expect(health?.status, stderr).toBe(200);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<title>Publieke Waarden Zelftoets<\/title>/);
      const started = await fetch(`http://127.0.0.1:${port}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"questionnaireId":"ai"}' });
      expect(started.status).toBe(201);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
