// A startup's contact address (opt-in, revocable) and the unsubscribe tokens its mails carry. The
// address belongs to the team: it is kept on the attempt where it was left and found from every
// attempt of the same re-take chain, so one team has at most one address.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { changed, forUpdate } from '../db/dialect.js';
import type { Row, Schema } from '../db/schema.js';
import { hashToken } from './responses.js';

export type StartupContactRow = Row<'startup_contacts'>;

/** A re-take chain is one team's history; walks over it stop here. */
const MAX_CHAIN = 50;
/** Unsubscribe tokens kept per address (the newest): every mail mints one, any of them works. */
export const MAX_TOKENS = 50;

export function createStartupContactRepository(db: Kysely<Schema>) {
  /** Every attempt of the team `responseId` belongs to: up to the chain's first, then all that follow from it. */
  async function team(responseId: string): Promise<string[]> {
    const root = await db.withRecursive('up(id, prev, depth)', (qb) =>
      qb.selectFrom('responses').select((eb) => ['id', 'previous_response_id as prev', eb.lit(0).as('depth')]).where('id', '=', responseId)
        .unionAll((u) => u.selectFrom('responses as r').innerJoin('up', 'r.id', 'up.prev')
          .select((eb) => ['r.id', 'r.previous_response_id as prev', eb('up.depth', '+', 1).as('depth')]).where('up.depth', '<', MAX_CHAIN)),
    ).selectFrom('up').select('id').orderBy('depth', 'desc').limit(1).executeTakeFirst();
    if (!root) return [];
    const all = await db.withRecursive('down(id, depth)', (qb) =>
      qb.selectFrom('responses').select((eb) => ['id', eb.lit(0).as('depth')]).where('id', '=', root.id)
        .unionAll((u) => u.selectFrom('responses as r').innerJoin('down', 'r.previous_response_id', 'down.id')
          .select((eb) => ['r.id', eb('down.depth', '+', 1).as('depth')]).where('down.depth', '<', MAX_CHAIN)),
    ).selectFrom('down').select('id').limit(MAX_CHAIN * 4).execute();
    return all.map((r) => r.id);
  }

  const ofTeam = async (ids: string[]) => ids.length === 0 ? undefined
    : db.selectFrom('startup_contacts').selectAll().where('response_id', 'in', ids).orderBy('updated_at', 'desc').executeTakeFirst();

  return {
    team,
    /** The team's address, from any of its attempts. */
    find: async (responseId: string): Promise<StartupContactRow | undefined> => ofTeam(await team(responseId)),
    /**
     * Leaves (or replaces) the team's address on this attempt. The programme consent keeps its first
     * time while it stays given; un-ticking it withdraws it. Two of these for one team at once, from
     * any instance, take turns on the team's response rows (locked in id order), so the second replaces
     * the first's address instead of colliding with it.
     */
    async set(responseId: string, input: { email: string; locale: 'nl' | 'en'; programmeId: string | null; showToProgramme: boolean }) {
      const ids = await team(responseId);
      const now = new Date().toISOString();
      return db.transaction().execute(async (trx) => {
        await forUpdate(trx, trx.selectFrom('responses').select('id').where('id', 'in', ids.length ? ids : [responseId]).orderBy('id')).execute();
        const before = ids.length ? await trx.selectFrom('startup_contacts').selectAll().where('response_id', 'in', ids).orderBy('updated_at', 'desc').executeTakeFirst() : undefined;
        if (ids.length) await trx.deleteFrom('startup_contacts').where('response_id', 'in', ids).execute();
        const row: StartupContactRow = {
          response_id: responseId, email: input.email, locale: input.locale,
          programme_id: input.programmeId ?? before?.programme_id ?? null,
          consent_at: before && before.email === input.email ? before.consent_at : now,
          show_consent_at: input.showToProgramme ? (before?.show_consent_at ?? now) : null,
          created_at: before?.created_at ?? now, updated_at: now,
        };
        await trx.insertInto('startup_contacts').values(row).execute();
        return row;
      });
    },
    /** Forgets the team's address (and with it every unsubscribe token); whether there was one. */
    revoke: async (responseId: string) => {
      const ids = await team(responseId);
      return ids.length > 0 && changed(await db.deleteFrom('startup_contacts').where('response_id', 'in', ids).executeTakeFirst()) > 0;
    },
    /** The address an unsubscribe token was minted for, forgotten; whether the token still worked. */
    async revokeByToken(token: string): Promise<StartupContactRow | undefined> {
      const t = await db.selectFrom('startup_contact_tokens').select('response_id').where('token_hash', '=', hashToken(token)).executeTakeFirst();
      if (!t) return undefined;
      const row = await db.selectFrom('startup_contacts').selectAll().where('response_id', '=', t.response_id).executeTakeFirst();
      await db.deleteFrom('startup_contacts').where('response_id', '=', t.response_id).execute();
      return row;
    },
    /** A new unsubscribe token for the address kept on `responseId`; only its hash is stored. */
    async mintToken(responseId: string): Promise<string> {
      const token = randomBytes(24).toString('base64url');
      const now = new Date().toISOString();
      await db.insertInto('startup_contact_tokens').values({ token_hash: hashToken(token), response_id: responseId, created_at: now }).execute();
      const keep = db.selectFrom('startup_contact_tokens').select('token_hash').where('response_id', '=', responseId)
        .orderBy('created_at', 'desc').orderBy('token_hash').limit(MAX_TOKENS);
      await db.deleteFrom('startup_contact_tokens').where('response_id', '=', responseId).where('token_hash', 'not in', keep).execute();
      return token;
    },
    /** Addresses left for a programme (bounded: a programme's startups, not the world). */
    forProgramme: (programmeId: string, limit = 2000) =>
      db.selectFrom('startup_contacts').selectAll().where('programme_id', '=', programmeId).orderBy('response_id').limit(limit).execute(),
    /** Whether one of these attempts is shared with the programme (sharing needs a submitted attempt). */
    sharedWith: async (ids: string[], programmeId: string) => ids.length > 0 && !!(await db.selectFrom('responses').select('id')
      .where('id', 'in', ids).where('programme_id', '=', programmeId).where('shared_at', 'is not', null).where('status', '=', 'submitted')
      .limit(1).executeTakeFirst()),
  };
}

export type StartupContactRepository = ReturnType<typeof createStartupContactRepository>;
