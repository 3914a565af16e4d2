// Signed statements about submitted reports, and the public halves of the keys that signed them.
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { changed, onPostgres } from '../db/dialect.js';
import { prepared, type Slots } from '../db/prepared.js';
import type { Row, Schema } from '../db/schema.js';

export type AttestationRow = Row<'attestations'>;

/** Published keys in a JWKS: bounded, since rotations are rare and each adds one. */
const MAX_KEYS = 1000;

// Every submit stores one: compiled once (server/db/prepared.ts). The values go through a SELECT on
// the key's row, so each is cast to the column's type: PostgreSQL cannot infer a parameter's type there.
// The response must still be there and submitted: a view that read it just before its deletion would
// otherwise store a current statement, with its JWS, about a deleted report. On PostgreSQL the insert
// shares the response's row lock, so it waits for a deletion under way (which takes that row first,
// services/response-deletion.ts) and then finds nothing to attest.
const insertUnlessRevoked = prepared((db, p: Slots<AttestationRow>) => {
  const text = (name: keyof AttestationRow) => sql<string | null>`CAST(${p(name)} AS TEXT)`.as(name);
  const response = db.selectFrom('responses').select('id').where('id', '=', p('response_id')).where('status', '=', 'submitted');
  return db.insertInto('attestations')
    .columns(['code', 'response_id', 'locale', 'kid', 'report_sha256', 'basis', 'jws', 'issued_at', 'superseded_at', 'withdrawn_at'])
    .expression(db.selectFrom('signing_keys').select([
      text('code'), text('response_id'), text('locale'), 'kid', text('report_sha256'), text('basis'), text('jws'), text('issued_at'),
      text('superseded_at'), text('withdrawn_at'),
    ]).where('kid', '=', p('kid')).where('revoked_at', 'is', null)
      .where((eb) => eb.exists(onPostgres(db) ? response.forShare() : response)))
    .onConflict((oc) => oc.doNothing());
});

// A condition on a statement (`attestations`, not aliased): the key that signed it is not revoked.
// Tested per row found through the content index, by the key's primary key: a join would let the
// planner start from the keys.
const keyNotRevoked = (eb: ExpressionBuilder<Schema, 'attestations'>) =>
  eb.exists(eb.selectFrom('signing_keys as k').select('k.kid').whereRef('k.kid', '=', 'attestations.kid').where('k.revoked_at', 'is', null));

// Every view of a submitted report. Like every look-up of a report's statement, it skips those whose
// key is revoked: they no longer verify, so the report gets a new one (migration 029).
const newestByBasis = prepared((db, p: Slots<{ responseId: string; locale: 'nl' | 'en'; basis: string }>) =>
  db.selectFrom('attestations').selectAll().where('response_id', '=', p('responseId')).where('locale', '=', p('locale'))
    .where('basis', '=', p('basis')).where(keyNotRevoked)
    .orderBy(sql`superseded_at IS NULL`, 'desc').orderBy('issued_at', 'desc').orderBy('code').limit(1));

/** Takes the app's database or an open transaction. */
export function createAttestationRepository(db: Kysely<Schema>) {
  return {
    /** Makes a key's public half known to every instance; a key already known keeps its revocation. */
    registerKey: async (kid: string, publicJwk: object, createdAt: string) => {
      await db.insertInto('signing_keys').values({ kid, public_jwk: JSON.stringify(publicJwk), created_at: createdAt, revoked_at: null })
        .onConflict((oc) => oc.column('kid').doNothing()).execute();
    },
    publishedKeys: () =>
      db.selectFrom('signing_keys').select(['kid', 'public_jwk']).where('revoked_at', 'is', null).orderBy('created_at').orderBy('kid').limit(MAX_KEYS).execute(),
    allKeys: () => db.selectFrom('signing_keys').selectAll().orderBy('created_at').orderBy('kid').limit(MAX_KEYS).execute(),
    /** Whether a key may sign: registered and not revoked. A key the database does not know signs nothing either. */
    keyStatus: async (kid: string): Promise<'active' | 'revoked' | 'unknown'> => {
      const key = await db.selectFrom('signing_keys').select('revoked_at').where('kid', '=', kid).executeTakeFirst();
      return !key ? 'unknown' : key.revoked_at === null ? 'active' : 'revoked';
    },
    /** True when the key was known and not yet revoked. */
    revoke: async (kid: string, at: string) =>
      changed(await db.updateTable('signing_keys').set({ revoked_at: at }).where('kid', '=', kid).where('revoked_at', 'is', null).executeTakeFirst()) === 1,

    /** The statement about this content whose key is not revoked (one per key; after a rotation the older key's). */
    byContent: (responseId: string, locale: 'nl' | 'en', sha: string) =>
      db.selectFrom('attestations').selectAll().where('response_id', '=', responseId).where('locale', '=', locale)
        .where('report_sha256', '=', sha).where(keyNotRevoked).orderBy('issued_at').orderBy('code').executeTakeFirst(),
    /**
     * Stores a statement only while its key is known and not revoked: the check and the insert are one
     * statement, so a key revoked by another instance a moment earlier signs nothing more, and a
     * submit needs no read of its own for it. False when nothing was stored: the same content was
     * signed by someone else first (the unique index; read theirs), the key is revoked, or the response
     * is no longer there (deleted meanwhile).
     */
    insert: async (row: AttestationRow) => changed(await insertUnlessRevoked(db, row)) === 1,
    /** Every other statement about this response in this language is now superseded by `code`. */
    supersedeOthers: (responseId: string, locale: 'nl' | 'en', code: string, at: string) =>
      db.updateTable('attestations').set({ superseded_at: at }).where('response_id', '=', responseId).where('locale', '=', locale)
        .where('code', '!=', code).where('superseded_at', 'is', null).execute(),
    /** The newest statement made from these inputs (a view's cheap look-up). */
    byBasis: async (responseId: string, locale: 'nl' | 'en', basis: string) => (await newestByBasis(db, { responseId, locale, basis })).rows[0],
    /** A statement whose content is current again: not superseded, and found from the present inputs. */
    reinstate: (code: string, basis: string) => db.updateTable('attestations').set({ superseded_at: null, basis }).where('code', '=', code).execute(),
    /** A later attempt was submitted: what was said about the earlier ones is superseded, as of then. */
    supersedeResponses: async (responseIds: string[], at: string) => {
      if (responseIds.length === 0) return;
      await db.updateTable('attestations').set({ superseded_at: at }).where('response_id', 'in', responseIds).where('superseded_at', 'is', null).execute();
    },
    /** The response is deleted: its statements say "withdrawn" from now on and keep nothing of it. */
    withdraw: (responseId: string, at: string) =>
      db.updateTable('attestations').set({ withdrawn_at: at, response_id: null, jws: null }).where('response_id', '=', responseId).execute(),
    /** The status of a code: the statement's dates and whether its key has been revoked. */
    status: (code: string) =>
      db.selectFrom('attestations as a').innerJoin('signing_keys as k', 'k.kid', 'a.kid')
        .select(['a.code', 'a.issued_at', 'a.superseded_at', 'a.withdrawn_at', 'k.revoked_at'])
        .where('a.code', '=', code).executeTakeFirst(),
  };
}

export type AttestationRepository = ReturnType<typeof createAttestationRepository>;
