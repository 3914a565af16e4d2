// Queries that every request runs (a response read by its id, the submit's writes) built and compiled
// once instead of on every call. Kysely builds an operation tree and compiles it to SQL
// each time: 4 µs for a read by id, 10–20 µs for the submit's update and inserts, measured alone, and
// more under load (a submit profile put Kysely's building and compiling at about 7 % of its CPU). The
// SQL depends only on the query's shape, so it is compiled with placeholders the first time, and each
// call only puts its values in their places. Values that change the shape (lists for IN, optional
// conditions) cannot be placeholders: such queries stay ordinary Kysely.
import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Schema } from './schema.js';

/** Stands in for a value while the query is compiled; Kysely passes it through as a parameter. */
class Slot {
  constructor(readonly name: string) {}
}

type Compiled = CompiledQuery<unknown>;

/** `p('name')` in a prepared query's builder: where the value called `name` goes. */
export type Slots<P> = <K extends keyof P & string>(name: K) => P[K];

/**
 * `build(db, p)` writes the query with `p('name')` wherever a value goes (type `p` as `Slots<{ … }>`);
 * the result runs it on any Kysely instance or transaction with `{ name: value, … }`. Compiled once
 * per Kysely instance (its adapter identifies it, and a transaction shares its database's), so each
 * engine gets its own SQL. Not for `withPlugin` or `withSchema` instances: they share the adapter
 * but would need other SQL.
 */
export function prepared<P extends Record<string, unknown>, R>(
  build: (db: Kysely<Schema>, p: Slots<P>) => Compilable<R>,
): (db: Kysely<Schema>, values: P) => Promise<QueryResult<R>> {
  const byAdapter = new WeakMap<object, Compiled>();
  function compile(db: Kysely<Schema>): Compiled {
    const named = new Set<string>();
    const compiled = build(db, (name) => {
      named.add(name);
      // The slot is not a P[K]; Kysely never looks inside a value, it only hands it on as a parameter.
      return new Slot(name) as never;
    }).compile() as Compiled;
    const placed = new Set(compiled.parameters.filter((v): v is Slot => v instanceof Slot).map((s) => s.name));
    const lost = [...named].filter((n) => !placed.has(n));
    // A value Kysely turned into SQL (or dropped) would silently run with the first call's shape.
    if (lost.length) throw new Error(`prepared query: ${lost.join(', ')} did not become parameters`);
    return compiled;
  }
  return async (db, values) => {
    const adapter = db.getExecutor().adapter;
    let compiled = byAdapter.get(adapter);
    if (!compiled) byAdapter.set(adapter, (compiled = compile(db)));
    const parameters = compiled.parameters.map((v) => (v instanceof Slot ? values[v.name] : v));
    return db.executeQuery<R>({ ...compiled, parameters } as CompiledQuery<R>);
  };
}
