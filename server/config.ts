import { dirname, join, resolve } from 'node:path';
import { isPostgresUrl } from './db/connect.js';
import { projectRoot } from './paths.js';
import type { PrintPage } from './report/pdf.js';

export interface AppConfig {
  /** postgres://… selects PostgreSQL; null uses the SQLite file at databasePath. */
  databaseUrl: string | null;
  /** PostgreSQL: connections in this instance's pool. */
  databasePoolSize: number;
  /** PostgreSQL: the schema holding the app's tables (search_path); null for the server's default (public). */
  databaseSchema: string | null;
  /** SQLite file; ':memory:' for tests. */
  databasePath: string;
  /** 'NORMAL' survives a killed process; 'FULL' also survives power loss, at the cost of an fsync per save. */
  databaseSynchronous: 'NORMAL' | 'FULL';
  questionnairesDir: string;
  migrationsDir: string;
  /** The built client to serve; null serves the API alone. */
  clientDir: string | null;
  /** Requests per minute per client address on the API; 0 switches rate limiting off. */
  rateLimitPerMinute: number;
  /** Trust X-Forwarded-* from a reverse proxy (needed for per-client rate limits and Secure cookies behind one). */
  trustProxy: boolean;
  /** Largest request body in bytes. */
  bodyLimit: number;
  /** Time a client has to send a whole request, headers and body (slowloris); 0 switches it off. */
  requestTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed; 0 switches it off. */
  connectionTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** How often the background worker checkpoints the WAL into the database file. */
  checkpointIntervalMs: number;
  /** Chromium used to print report PDFs on the server. */
  chromiumPath: string;
  /** PDFs printed at once, PDFs that may wait, and PDFs one client address may have running or waiting. */
  pdfConcurrency: number;
  pdfMaxQueued: number;
  pdfPerClient: number;
  /**
   * Where the printing browser opens the report (PDF_ORIGIN, e.g. the load balancer's internal
   * address); null: this instance's own listening address.
   */
  pdfOrigin: string | null;
  /** Test seam: prints a page instead of Chromium (never read from the environment). */
  pdfPrint?: PrintPage;
  /** Largest inline questionnaire POST /api/score accepts, in bytes (well below bodyLimit). */
  inlineQuestionnaireLimit: number;
  /** Largest programme CSV export, in characters of text it holds (EXPORT_MAX_MB): 413 export-too-large beyond. */
  exportMaxChars: number;
  /** Inline questionnaires are checked in a worker thread: time per check, checks waiting, checks per client. */
  inlineCheckTimeoutMs: number;
  inlineCheckMaxQueued: number;
  inlineCheckPerClient: number;
  /** log2 of scrypt's N for new password hashes. 17 is OWASP's guidance; tests lower it (never read from the environment). */
  passwordHashCost: number;
  /** Hours a staff session lasts before signing in again. */
  sessionHours: number;
  /** Hours an invitation or password-reset link stays usable. */
  passwordLinkHours: number;
  /** Login attempts per minute per client address (needs the rate limiter on). */
  loginRateLimitPerMinute: number;
  /**
   * The address people reach the app on (an origin, no path), for every link the app and its tools
   * hand out. Null when PUBLIC_URL is unset: the browser then uses the address it has open, and the
   * command-line tools refuse to guess one.
   */
  publicUrl: string | null;
  /** Cohort figures are hidden for groups of fewer teams than this (anonymity). */
  cohortMinGroup: number;
  /** The peer comparison shows nothing until its pool (per area and major version) holds this many reports. */
  peerMinPool: number;
  /** Webhooks: delay before the first retry (doubling after each failure), attempts in all, poll interval, time to answer. */
  webhookRetryBaseMs: number;
  webhookMaxAttempts: number;
  webhookPollMs: number;
  webhookTimeoutMs: number;
  /** Allow http:// webhook URLs and private or loopback hosts (development and tests only). */
  webhookAllowInsecure: boolean;
  /** SMTP server (smtp:// or smtps://, with user and password if it needs them); null: mail goes to the outbox only. */
  smtpUrl: string | null;
  /** The From of every mail; mail is sent only when both this and smtpUrl are set. */
  mailFrom: string | null;
  /** Mail: delay before the first retry (doubling), attempts in all, poll interval, SMTP time-outs. */
  mailRetryBaseMs: number;
  mailMaxAttempts: number;
  mailPollMs: number;
  mailTimeoutMs: number;
  /** Most mails written to one address per hour; more are dropped (logged). */
  mailPerRecipientPerHour: number;
  /**
   * The report-signing keys (docs/verification.md): SIGNING_KEYS (the key file's JSON, e.g. from a
   * secret store) wins over SIGNING_KEYS_FILE. With neither, a new key ring per app (tests).
   */
  signingKeys: string | null;
  signingKeysFile: string | null;
  /** Test seam: sends instead of SMTP (never read from the environment). */
  mailTransport?: import('./mail/sender.js').Transport;
}

export function defaultConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const root = projectRoot();
  return {
    databaseUrl: null,
    databasePoolSize: 10,
    databaseSchema: null,
    databasePath: resolve(root, 'data/zelftoets.db'),
    databaseSynchronous: 'NORMAL',
    questionnairesDir: join(root, 'questionnaires'),
    migrationsDir: join(root, 'migrations'),
    clientDir: join(root, 'dist/client'),
    rateLimitPerMinute: 600,
    trustProxy: false,
    bodyLimit: 1024 * 1024,
    requestTimeoutMs: 30_000,
    connectionTimeoutMs: 120_000,
    keepAliveTimeoutMs: 10_000,
    chromiumPath: '/usr/bin/chromium',
    pdfConcurrency: 2,
    pdfMaxQueued: 8,
    pdfPerClient: 2,
    pdfOrigin: null,
    inlineQuestionnaireLimit: 256 * 1024,
    exportMaxChars: 64 * 1024 * 1024,
    inlineCheckTimeoutMs: 2_000,
    inlineCheckMaxQueued: 4,
    inlineCheckPerClient: 2,
    checkpointIntervalMs: 1000,
    passwordHashCost: 17,
    sessionHours: 12,
    passwordLinkHours: 72,
    loginRateLimitPerMinute: 10,
    publicUrl: null,
    cohortMinGroup: 5,
    peerMinPool: 20,
    webhookRetryBaseMs: 30_000,
    webhookMaxAttempts: 8,
    webhookPollMs: 5_000,
    webhookTimeoutMs: 10_000,
    webhookAllowInsecure: false,
    smtpUrl: null,
    mailFrom: null,
    mailRetryBaseMs: 60_000,
    mailMaxAttempts: 8,
    mailPollMs: 5_000,
    mailTimeoutMs: 20_000,
    mailPerRecipientPerHour: 10,
    signingKeys: null,
    signingKeysFile: null,
    ...overrides,
  };
}

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${raw}"`);
  return n;
}

/** An http(s) origin such as `http://10.0.0.5:3000`, without path or trailing slash; null when unset. */
function originFromEnv(name: string, raw: string | undefined): string | null {
  if (!raw) return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    /* reported below */
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash || url.username) {
    throw new Error(`${name} must be an http or https origin such as http://10.0.0.5:3000, got "${raw}"`);
  }
  return url.origin;
}

/**
 * PUBLIC_URL as an origin. Anything else is refused at start-up rather than turned into broken or
 * surprising links: a path would be dropped by every link the app builds (it serves from the root).
 */
export function parsePublicUrl(raw: string): string {
  const refuse = (why: string) => new Error(`PUBLIC_URL ${why}, got "${raw}"; give the address people reach the app on, like https://toets.example.org`);
  let url: URL;
  try {
    if (raw !== raw.trim()) throw refuse('has spaces around it');
    url = new URL(raw);
  } catch (err) {
    throw err instanceof Error && err.message.startsWith('PUBLIC_URL') ? err : refuse('is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('must start with https:// (or http://)');
  if (url.username || url.password) throw refuse('must not hold a user name or password');
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(raw)) throw refuse('must be an origin only, without a path, query or fragment');
  return url.origin;
}

function publicUrlFromEnv(env: NodeJS.ProcessEnv): string | null {
  if (env.PUBLIC_URL) return parsePublicUrl(env.PUBLIC_URL);
  // In production a guessed address would end up in links people keep and pass on.
  if (env.NODE_ENV === 'production') throw new Error('PUBLIC_URL must be set when NODE_ENV=production: the address people reach the app on, like https://toets.example.org');
  return null;
}

/** SMTP_URL and MAIL_FROM go together: one without the other would silently keep mail in the outbox. */
function mailFromEnv(env: NodeJS.ProcessEnv): { smtpUrl: string | null; mailFrom: string | null } {
  const smtpUrl = env.SMTP_URL || null;
  const mailFrom = env.MAIL_FROM?.trim() || null;
  if (!smtpUrl !== !mailFrom) throw new Error('SMTP_URL and MAIL_FROM must be set together (or both left unset to keep mail in the outbox)');
  if (smtpUrl) {
    let ok = false;
    try {
      const u = new URL(smtpUrl);
      ok = (u.protocol === 'smtp:' || u.protocol === 'smtps:') && !!u.hostname;
    } catch { /* refused below */ }
    // The URL holds a password: the message does not repeat it.
    if (!ok) throw new Error('SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465');
  }
  if (mailFrom && !/^[^\s@<>]+@[^\s@<>]+$|^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(mailFrom)) {
    throw new Error(`MAIL_FROM must be an address such as zelftoets@example.org or "Zelftoets <zelftoets@example.org>", got "${mailFrom}"`);
  }
  return { smtpUrl, mailFrom };
}

/** Reads the environment variables documented in the README. Relative paths resolve from the working directory. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig & { port: number; host: string } {
  const base = defaultConfig();
  const sync = (env.DATABASE_SYNCHRONOUS ?? 'NORMAL').toUpperCase();
  if (sync !== 'NORMAL' && sync !== 'FULL') throw new Error(`DATABASE_SYNCHRONOUS must be NORMAL or FULL, got "${env.DATABASE_SYNCHRONOUS}"`);
  const databaseUrl = env.DATABASE_URL || null;
  if (databaseUrl && !isPostgresUrl(databaseUrl)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://; leave it unset to use SQLite at DATABASE_PATH');
  return {
    ...base,
    databaseUrl,
    databasePoolSize: intFromEnv(env, 'DATABASE_POOL_SIZE', base.databasePoolSize) || base.databasePoolSize,
    databaseSchema: env.DATABASE_SCHEMA || null,
    databasePath: env.DATABASE_PATH ? resolve(env.DATABASE_PATH) : resolve('data/zelftoets.db'),
    databaseSynchronous: sync,
    questionnairesDir: env.QUESTIONNAIRES_DIR ? resolve(env.QUESTIONNAIRES_DIR) : base.questionnairesDir,
    rateLimitPerMinute: intFromEnv(env, 'RATE_LIMIT_PER_MINUTE', base.rateLimitPerMinute),
    requestTimeoutMs: intFromEnv(env, 'REQUEST_TIMEOUT_SECONDS', base.requestTimeoutMs / 1000) * 1000,
    connectionTimeoutMs: intFromEnv(env, 'CONNECTION_TIMEOUT_SECONDS', base.connectionTimeoutMs / 1000) * 1000,
    keepAliveTimeoutMs: (intFromEnv(env, 'KEEP_ALIVE_TIMEOUT_SECONDS', base.keepAliveTimeoutMs / 1000) || 1) * 1000,
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    chromiumPath: env.CHROMIUM_PATH || base.chromiumPath,
    pdfConcurrency: intFromEnv(env, 'PDF_CONCURRENCY', base.pdfConcurrency) || 1,
    pdfMaxQueued: intFromEnv(env, 'PDF_QUEUE', base.pdfMaxQueued),
    pdfPerClient: intFromEnv(env, 'PDF_PER_CLIENT', base.pdfPerClient) || 1,
    pdfOrigin: originFromEnv('PDF_ORIGIN', env.PDF_ORIGIN),
    inlineQuestionnaireLimit: intFromEnv(env, 'INLINE_QUESTIONNAIRE_KB', base.inlineQuestionnaireLimit / 1024) * 1024,
    exportMaxChars: (intFromEnv(env, 'EXPORT_MAX_MB', base.exportMaxChars / (1024 * 1024)) || base.exportMaxChars / (1024 * 1024)) * 1024 * 1024,
    inlineCheckTimeoutMs: (intFromEnv(env, 'INLINE_CHECK_TIMEOUT_MS', base.inlineCheckTimeoutMs) || base.inlineCheckTimeoutMs),
    sessionHours: intFromEnv(env, 'SESSION_HOURS', base.sessionHours) || base.sessionHours,
    loginRateLimitPerMinute: intFromEnv(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', base.loginRateLimitPerMinute),
    publicUrl: publicUrlFromEnv(env),
    cohortMinGroup: intFromEnv(env, 'COHORT_MIN_GROUP', base.cohortMinGroup) || 1,
    peerMinPool: intFromEnv(env, 'PEER_MIN_POOL', base.peerMinPool) || 1,
    webhookRetryBaseMs: intFromEnv(env, 'WEBHOOK_RETRY_BASE_SECONDS', base.webhookRetryBaseMs / 1000) * 1000,
    webhookMaxAttempts: intFromEnv(env, 'WEBHOOK_MAX_ATTEMPTS', base.webhookMaxAttempts) || 1,
    webhookAllowInsecure: env.WEBHOOK_ALLOW_INSECURE === 'true' || env.WEBHOOK_ALLOW_INSECURE === '1',
    ...mailFromEnv(env),
    mailRetryBaseMs: intFromEnv(env, 'MAIL_RETRY_BASE_SECONDS', base.mailRetryBaseMs / 1000) * 1000,
    mailMaxAttempts: intFromEnv(env, 'MAIL_MAX_ATTEMPTS', base.mailMaxAttempts) || 1,
    mailPerRecipientPerHour: intFromEnv(env, 'MAIL_PER_RECIPIENT_PER_HOUR', base.mailPerRecipientPerHour) || 1,
    signingKeys: env.SIGNING_KEYS || null,
    // Next to the SQLite file by default (data/), never inside it: a database dump holds no private key.
    signingKeysFile: env.SIGNING_KEYS_FILE ? resolve(env.SIGNING_KEYS_FILE) : join(dirname(env.DATABASE_PATH ? resolve(env.DATABASE_PATH) : resolve('data/zelftoets.db')), 'signing-keys.json'),
    port: intFromEnv(env, 'PORT', 3000),
    host: env.HOST || '127.0.0.1',
  };
}
