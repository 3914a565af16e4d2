// npm run create-admin -- --email you@example.org [--name "Your Name"]
// Creates an administrator without a password and prints a one-time link to set one (there is no
// default password anywhere). For an existing admin it prints a fresh link: the way back in when an
// admin's password is lost. Uses the same database as the server (DATABASE_URL, else DATABASE_PATH).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
  // Checked before anything is stored: a link on a guessed address (localhost) would not open for the admin.
  if (!config.publicUrl) throw new Error('PUBLIC_URL must be set to print a link that opens: the address people reach the app on, e.g. PUBLIC_URL=https://toets.example.org npm run create-admin -- --email you@example.org');
  const db = openDb({ ...config, databasePoolSize: 1 });
  try {
    await migrateDb(db, config.migrationsDir);
    const users = createUserRepository(db.kysely);
    let user = await users.findByEmail(email);
    if (user && user.role !== 'admin') throw new Error(`${email} already has an account as ${user.role}; an admin can change its role in the app`);
    const created = !user;
    user ??= await users.create({ email, name, role: 'admin' });
    const token = await users.issuePasswordToken(user.id, user.password_hash ? 'reset' : 'invite', config.passwordLinkHours);
    return { created, link: `${config.publicUrl}${setPasswordPath(token)}`, hours: config.passwordLinkHours, warning: localOnlyWarning(config.publicUrl) };
  } finally {
    await db.close();
  }
}

/**
 * Staff walkthrough #8: a link on a local address opens only on the machine the app runs on, and only
 * when the app listens on that very port; say so rather than let the admin find out from the browser.
 */
export function localOnlyWarning(publicUrl: string): string | null {
  const { hostname, port, protocol } = new URL(publicUrl);
  if (!['localhost', '127.0.0.1', '[::1]'].includes(hostname) && !hostname.endsWith('.localhost')) return null;
  const shown = port || (protocol === 'https:' ? '443' : '80');
  return `note: PUBLIC_URL is ${publicUrl}, so this link opens only on this machine, and only while the app listens on port ${shown}; `
    + 'if people reach the app on another address, set PUBLIC_URL to that address and run this again';
}

const USAGE = 'usage: npm run create-admin -- --email you@example.org [--name "Your Name"]';

// Compared as file URLs, not by gluing "file://" to the path: an install folder with a space or other
// character that URLs escape would otherwise never match, and the command would silently do nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  let values: { email?: string; name?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(`${USAGE}\n  Creates an administrator (or, for an existing one, a fresh link) and prints a one-time link to set the password.`);
    process.exit(0);
  }
  if (!values.email) {
    console.error(USAGE);
    process.exit(2);
  }
  try {
    const result = await createAdmin(configFromEnv(), values.email.trim(), values.name?.trim());
    console.log(result.created ? `created admin ${values.email}` : `${values.email} is already an admin; here is a new link`);
    console.log(`open this link within ${result.hours} hours to set the password (it works once):\n${result.link}`);
    if (result.warning) console.warn(result.warning);
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err));
    process.exit(1);
  }
}
