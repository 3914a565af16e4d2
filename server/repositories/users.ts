// Staff accounts and their one-time set-password links (the first admin's, invitations, resets).
import type { Role } from '../auth/permissions.js';
import { newId, newSecret, sha256 } from '../auth/tokens.js';
import type { DB } from '../db/database.js';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  disabled_at: string | null;
  created_at: string;
  updated_at: string;
}

export type PasswordTokenPurpose = 'invite' | 'reset';

export function createUserRepository(db: DB) {
  const insert = db.prepare(
    `INSERT INTO users (id, email, name, role, created_at, updated_at) VALUES (@id, @email, @name, @role, @now, @now)`,
  );
  const byId = db.prepare('SELECT * FROM users WHERE id = ?');
  const byEmail = db.prepare('SELECT * FROM users WHERE email = ?');
  const all = db.prepare('SELECT * FROM users ORDER BY email LIMIT 1000');
  const update = db.prepare(
    `UPDATE users SET name = @name, role = @role, disabled_at = @disabledAt, updated_at = @now WHERE id = @id`,
  );
  const writePassword = db.prepare('UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?');
  const insertToken = db.prepare(
    `INSERT INTO password_tokens (token_hash, user_id, purpose, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const dropOpenTokens = db.prepare('DELETE FROM password_tokens WHERE user_id = ? AND used_at IS NULL');
  const tokenByHash = db.prepare(
    `SELECT t.user_id, t.purpose, t.expires_at, t.used_at, u.email, u.disabled_at
     FROM password_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`,
  );
  const useToken = db.prepare('UPDATE password_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL');

  type TokenInfo = { user_id: string; purpose: PasswordTokenPurpose; expires_at: string; used_at: string | null; email: string; disabled_at: string | null };
  const usable = (t: TokenInfo | undefined, now: Date) => !!t && t.used_at === null && t.disabled_at === null && new Date(t.expires_at) > now;

  return {
    create(input: { email: string; name: string; role: Role }): UserRow {
      const id = newId();
      insert.run({ id, ...input, now: new Date().toISOString() });
      return byId.get(id) as UserRow;
    },
    find: (id: string) => byId.get(id) as UserRow | undefined,
    findByEmail: (email: string) => byEmail.get(email) as UserRow | undefined,
    list: () => all.all() as UserRow[],

    update(id: string, changes: { name: string; role: Role; disabledAt: string | null }): UserRow {
      update.run({ id, ...changes, now: new Date().toISOString() });
      return byId.get(id) as UserRow;
    },

    setPassword(id: string, hash: string) {
      writePassword.run(hash, new Date().toISOString(), id);
    },

    /** A new link replaces any unused one, so only the latest link handed over works. */
    issuePasswordToken(userId: string, purpose: PasswordTokenPurpose, hours: number): string {
      const token = newSecret();
      const now = new Date();
      db.transaction(() => {
        dropOpenTokens.run(userId);
        insertToken.run(sha256(token), userId, purpose, now.toISOString(), new Date(now.getTime() + hours * 3600_000).toISOString());
      })();
      return token;
    },

    /** Who a still-usable token is for, or undefined. */
    peekPasswordToken(token: string, now = new Date()) {
      const t = tokenByHash.get(sha256(token)) as TokenInfo | undefined;
      return usable(t, now) ? { userId: t!.user_id, email: t!.email, purpose: t!.purpose } : undefined;
    },

    /** Marks a token used and sets the password in one step; undefined when the token is not usable. */
    consumePasswordToken: db.transaction((token: string, passwordHash: string, now: Date = new Date()) => {
      const hash = sha256(token);
      const t = tokenByHash.get(hash) as TokenInfo | undefined;
      if (!usable(t, now) || useToken.run(now.toISOString(), hash).changes !== 1) return undefined;
      writePassword.run(passwordHash, now.toISOString(), t!.user_id);
      return byId.get(t!.user_id) as UserRow;
    }),
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
