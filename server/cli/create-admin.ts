// npm run create-admin -- --email you@example.org [--name "Your Name"]
// Creates an administrator without a password and prints a one-time link to set one (there is no
// default password anywhere). For an existing admin it prints a fresh link: the way back in when an
// admin's password is lost. Uses the same database as the server (DATABASE_URL, else DATABASE_PATH).
import { parseArgs } from 'node:util';
import { setPasswordPath } from '../auth/views.js';
import { configFromEnv, type AppConfig } from '../config.js';
import { openDb } from '../db/connect.js';
import { migrateDb } from '../db/migrate.js';
import { createUserRepository } from '../repositories/users.js';

export async function createAdmin(
  config: Pick<AppConfig, 'databaseUrl' | 'databasePath' | 'databaseSynchronous' | 'databaseSchema' | 'migrationsDir' | 'passwordLinkHours' | 'publicUrl'>,
  email: string,
  name = '',
) {
  if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) throw new Error(`"${email}" is not an email address`);
  const db = openDb({ ...config, databasePoolSize: 1 });
  try {
    await migrateDb(db, config.migrationsDir);
    const users = createUserRepository(db.kysely);
    let user = await users.findByEmail(email);
    if (user && user.role !== 'admin') throw new Error(`${email} already has an account as ${user.role}; an admin can change its role in the app`);
    const created = !user;
    user ??= await users.create({ email, name, role: 'admin' });
    const token = await users.issuePasswordToken(user.id, user.password_hash ? 'reset' : 'invite', config.passwordLinkHours);
    return { created, link: `${config.publicUrl}${setPasswordPath(token)}`, hours: config.passwordLinkHours };
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email) {
    console.error('usage: npm run create-admin -- --email you@example.org [--name "Your Name"]');
    process.exit(2);
  }
  try {
    const result = await createAdmin(configFromEnv(), values.email.trim(), values.name?.trim());
    console.log(result.created ? `created admin ${values.email}` : `${values.email} is already an admin; here is a new link`);
    console.log(`open this link within ${result.hours} hours to set the password (it works once):\n${result.link}`);
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err));
    process.exit(1);
  }
}
