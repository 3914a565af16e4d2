// Where a worker thread's module is: the compiled .js beside the caller in a build, the .ts source
// from tests and tsx, loaded through tsx's API (Node 20 does not pass tsx's loader on to a worker
// started with --import; the API registers it inside the worker).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The Worker constructor's first two arguments for the module `name` (without extension) next to `callerUrl`. */
export function workerEntry(callerUrl: string, name: string): [URL | string, { eval?: boolean }] {
  if (!callerUrl.endsWith('.ts')) return [new URL(`./${name}.js`, callerUrl), {}];
  const source = new URL(`./${name}.ts`, callerUrl).href;
  const api = pathToFileURL(join(dirname(createRequire(callerUrl).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  return [`import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}))`, { eval: true }];
}
