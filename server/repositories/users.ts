// Staff accounts and their one-time set-password links (the first admin's, invitations, resets).
import type { Kysely } from 'kysely';
import type { Role } from '../auth/permissions.js';
import { newId, newSecret, sha256 } from '../auth/tokens.js';
import { searchKey } from '../../core/search-key.js';
import { changed, containsInsensitive, emailEquals, listOrder } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';
import { inBatches } from './batches.js';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  /** The language of the mail they get. */
  locale: 'nl' | 'en';
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export type PasswordTokenPurpose = 'invite' | 'reset';

type TokenInfo = { user_id: string; purpose: PasswordTokenPurpose; expires_at: string; used_at: string | null; email: string; disabled_at: string | null };
const usable = (t: TokenInfo | undefined, now: Date) => !!t && t.used_at === null && t.disabled_at === null && new Date(t.expires_at) > now;

/**
 * What the users list searches and sorts by: the address, then the name, each folded (accents and
 * case), so both engines find and order the same accounts. The line break keeps a search from
 * matching across the two.
 */
export const userKey = (email: string, name: string) => `${searchKey(email)}\n${searchKey(name)}`;

/** Takes the app's database or an open transaction. */
export function createUserRepository(db: Kysely<Schema>) {
  const byId = (id: string) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst() as Promise<UserRow | undefined>;
  const tokenByHash = (k: Kysely<Schema>, hash: string) =>
    k.selectFrom('password_tokens as t').innerJoin('users as u', 'u.id', 't.user_id')
      .select(['t.user_id', 't.purpose', 't.expires_at', 't.used_at', 'u.email', 'u.disabled_at'])
      .where('t.token_hash', '=', hash).executeTakeFirst() as Promise<TokenInfo | undefined>;

  const matching = (q: string) => {
    const base = db.selectFrom('users');
    return q ? base.where(containsInsensitive(db, 'search_key', searchKey(q))) : base;
  };

  return {
    async create(input: { email: string; name: string; role: Role; locale?: 'nl' | 'en' }): Promise<UserRow> {
      const id = newId();
      const now = new Date().toISOString();
      await db.insertInto('users').values({ id, ...input, search_key: userKey(input.email, input.name), created_at: now, updated_at: now }).execute();
      return (await byId(id))!;
    },
    find: byId,
    findByEmail: (email: string) => db.selectFrom('users').selectAll().where(emailEquals(db, 'email', email)).executeTakeFirst() as Promise<UserRow | undefined>,
    /**
     * A page of the accounts in email order (folded, byte by byte: the same on both engines); `q`
     * narrows to those whose email or name contains it, accents and case aside.
     */
    page: (q: string, limit: number, offset: number) => matching(q).selectAll().orderBy(listOrder(db, 'search_key', true, 'asc')).orderBy(listOrder(db, 'id', true, 'asc'))
      .limit(limit).offset(offset).execute() as Promise<UserRow[]>,
    /** How many accounts `page` pages through. */
    count: async (q: string) => Number((await matching(q).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),

    async update(id: string, changes: { name: string; role: Role; disabledAt: string | null }): Promise<UserRow> {
      const before = await byId(id);
      if (!before) throw new Error(`no user ${id}`);
      await db.updateTable('users')
        .set({
          name: changes.name, role: changes.role, disabled_at: changes.disabledAt, updated_at: new Date().toISOString(),
          search_key: userKey(before.email, changes.name),
        })
        .where('id', '=', id).execute();
      return (await byId(id))!;
    },

    /** Accounts made before migration 028 get their key, in bounded batches; finds nothing once done. */
    backfillSearchKeys: (batch = 500) => inBatches(db, batch,
      (limit) => db.selectFrom('users').select(['id', 'email', 'name']).where('search_key', 'is', null).limit(limit).execute(),
      (trx, r) => trx.updateTable('users').set({ search_key: userKey(r.email, r.name) }).where('id', '=', r.id).execute()),

    async setPassword(id: string, hash: string): Promise<void> {
      await db.updateTable('users').set({ password_hash: hash, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    },

    /**
     * A new link replaces any unused one, so only the latest link handed over works. `context` is who
     * issued it and for which programme: the set-password page names them from this record.
     */
    /** `within`: where to issue it (the turn of the mail that carries it, mail/service.ts); its own transaction unless that is one. */
    async issuePasswordToken(userId: string, purpose: PasswordTokenPurpose, hours: number, context: { issuedBy?: string | null; programmeId?: string | null } = {}, within?: Kysely<Schema>): Promise<string> {
      const token = newSecret();
      const now = new Date();
      const issue = async (trx: Kysely<Schema>) => {
        await trx.deleteFrom('password_tokens').where('user_id', '=', userId).where('used_at', 'is', null).execute();
        await trx.insertInto('password_tokens').values({
          token_hash: sha256(token), user_id: userId, purpose, created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + hours * 3600_000).toISOString(),
          issued_by: context.issuedBy ?? null, programme_id: context.programmeId ?? null,
        }).execute();
      };
      await (within?.isTransaction ? issue(within) : (within ?? db).transaction().execute(issue));
      return token;
    },

    /** Who a still-usable token is for, who issued it and for which programme (names, from the database), or undefined. */
    async peekPasswordToken(token: string, now = new Date()) {
      const hash = sha256(token);
      const t = await tokenByHash(db, hash);
      if (!usable(t, now)) return undefined;
      const context = await db.selectFrom('password_tokens as t')
        .leftJoin('users as i', 'i.id', 't.issued_by').leftJoin('programmes as p', 'p.id', 't.programme_id')
        .select(['i.name as issuer_name', 'i.email as issuer_email', 'p.name as programme_name'])
        .where('t.token_hash', '=', hash).executeTakeFirst();
      return {
        userId: t!.user_id, email: t!.email, purpose: t!.purpose,
        invitedBy: context?.issuer_email ? (context.issuer_name || context.issuer_email) : null,
        programme: context?.programme_name ?? null,
      };
    },

    /**
     * Marks a token used and sets the password in one step; undefined when the token is not usable.
     * The conditional UPDATE (used_at IS NULL) is the lock: of two concurrent uses, on either engine,
     * only one changes the row.
     */
    consumePasswordToken(token: string, passwordHash: string, now: Date = new Date()): Promise<UserRow | undefined> {
      return db.transaction().execute(async (trx) => {
        const hash = sha256(token);
        const t = await tokenByHash(trx, hash);
        if (!usable(t, now)) return undefined;
        const used = await trx.updateTable('password_tokens').set({ used_at: now.toISOString() }).where('token_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
        if (changed(used) !== 1) return undefined;
        await trx.updateTable('users').set({ password_hash: passwordHash, updated_at: now.toISOString() }).where('id', '=', t!.user_id).execute();
        return trx.selectFrom('users').selectAll().where('id', '=', t!.user_id).executeTakeFirst() as Promise<UserRow | undefined>;
      });
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
