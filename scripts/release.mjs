// npm run release [-- --out <folder>] [--no-build] [--no-tar]
// Builds the app from a clean dist/ and puts exactly what a production install needs in
// <out>/<name>-<version>/ (and a .tar.gz of it): dist/, migrations/, questionnaires/, package.json,
// package-lock.json, README.md and docs/operations.md. On the server: `npm ci --omit=dev`, then
// `npm start`. Build on a machine with the dev dependencies; the server needs none of them.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONTENT = ['dist', 'migrations', 'questionnaires', 'package-lock.json', 'README.md', 'docs/operations.md'];

function fail(message) {
  console.error(`release failed: ${message}`);
  process.exit(1);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) fail(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
}

/**
 * The release's package.json keeps dependencies and devDependencies as they are (npm ci refuses a
 * package.json that no longer matches the lock file) but only the scripts that run the build with
 * plain node: the others need the dev dependencies, and `npm start` would otherwise rebuild first.
 */
export function productionManifest(pkg) {
  const scripts = {};
  for (const [name, command] of Object.entries(pkg.scripts ?? {})) {
    if (/^node dist\//.test(command)) scripts[name] = command;
  }
  if (!scripts.serve) throw new Error('package.json has no "serve" script running node dist/server/server.js');
  scripts.start = scripts.serve;
  return { ...pkg, scripts };
}

function parse(argv) {
  const opts = { out: join(ROOT, 'release'), build: true, tar: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--out') opts.out = resolve(argv[++i] ?? fail('--out needs a folder'));
    else if (arg === '--no-build') opts.build = false;
    else if (arg === '--no-tar') opts.tar = false;
    else fail(`unknown option ${arg}`);
  }
  return opts;
}

function main() {
  const opts = parse(process.argv.slice(2));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  if (opts.build) {
    // A clean build, so nothing compiled from a since-deleted source file ships.
    rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
    run('npm', ['run', 'build']);
  }
  for (const file of ['dist/server/server.js', 'dist/client/index.html']) {
    if (!existsSync(join(ROOT, file))) fail(`${file} is missing; run npm run build first`);
  }
  const name = `${pkg.name}-${pkg.version}`;
  const target = join(opts.out, name);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, 'docs'), { recursive: true });
  for (const item of CONTENT) cpSync(join(ROOT, item), join(target, item), { recursive: true });
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(productionManifest(pkg), null, 2)}\n`);
  console.log(`release folder: ${target}`);
  if (opts.tar) {
    const archive = join(opts.out, `${name}.tar.gz`);
    const tar = spawnSync('tar', ['-czf', archive, '-C', opts.out, name], { stdio: 'inherit' });
    if (tar.status !== 0) fail(`tar exited with ${tar.status ?? tar.signal}`);
    console.log(`release archive: ${archive}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
