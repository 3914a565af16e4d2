// Shared by the fuzz tests: the routes as the OpenAPI document lists them, and a digest of everything stored.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { rows as allRows, tableNames } from '../helpers/db.js';

export interface Operation {
  method: string;
  /** OpenAPI form, e.g. /api/responses/{id}. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  hasBody: boolean;
  /** Routes with a security requirement (resume token, or whatever later routes declare). */
  secured: boolean;
}

/** Every operation in GET /api/openapi.json, so routes added later are fuzzed without editing this file. */
export async function operations(app: FastifyInstance): Promise<Operation[]> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
  const doc = res.json() as {
    paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }>; requestBody?: unknown; security?: unknown[] }>>;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: op.requestBody !== undefined,
        secured: (op.security?.length ?? 0) > 0,
      });
    }
  }
  return ops;
}

/** SHA-256 over the rows of every table, in a stable order: equal digests mean nothing stored changed. */
export async function databaseDigest(app: FastifyInstance): Promise<string> {
  const hash = createHash('sha256');
  for (const name of await tableNames(app)) {
    const rows = (await allRows(app, `SELECT * FROM "${name.replaceAll('"', '""')}"`)).map((r) => JSON.stringify(r)).sort();
    hash.update(`${name}\n${rows.join('\n')}\n`);
  }
  return hash.digest('hex');
}

export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => values[name] ?? 'x');
}
