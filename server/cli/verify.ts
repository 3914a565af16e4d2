// npm run verify -- export.json [--jwks file-or-url] [--status]
// Checks a JSON export's attestation without the app: the signature against the published keys, the
// key, and the SHA-256 of the report's canonical JSON. --status also asks the issuer whether the
// report is still current. Exits 0 only when everything checked holds. docs/verification.md.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatCode, verifyAttestation, decodeAttestation, type PublicJwks, type VerifyResult } from '../../core/attestation.js';

const USAGE = 'usage: npm run verify -- export.json [--jwks file-or-url] [--status]';
const LIMIT = 10 * 1024 * 1024;

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  const text = await res.text();
  if (text.length > LIMIT) throw new Error(`${url} is too large`);
  return JSON.parse(text);
}

const isUrl = (s: string) => /^https?:\/\//.test(s);

export async function loadJwks(source: string): Promise<PublicJwks> {
  const jwks = (isUrl(source) ? await fetchJson(source) : JSON.parse(readFileSync(source, 'utf8'))) as PublicJwks;
  if (!jwks || !Array.isArray(jwks.keys)) throw new Error(`${source} is not a JWKS (no "keys" list)`);
  return jwks;
}

export interface VerifyOutcome {
  result: VerifyResult;
  status: { status: string; since: string | null; keyRevoked: boolean } | null;
  ok: boolean;
  lines: string[];
}

/** Verifies an export file's text; `jwksSource` overrides the issuer's published keys. */
export async function verifyExport(text: string, opts: { jwks?: string; status?: boolean } = {}): Promise<VerifyOutcome> {
  let file: { attestation?: unknown; report?: unknown };
  try {
    file = JSON.parse(text);
  } catch {
    throw new Error('the file is not JSON: give the JSON export of a report (export.json)');
  }
  if (typeof file.attestation !== 'string') throw new Error('the file has no attestation: only submitted reports are signed (export it again from the report page)');
  const decoded = decodeAttestation(file.attestation);
  const issuer = decoded?.payload.iss;
  const jwksSource = opts.jwks ?? (issuer && isUrl(issuer) ? `${issuer.replace(/\/$/, '')}/.well-known/jwks.json` : null);
  if (!jwksSource) throw new Error(`the issuer ${issuer ?? '(unreadable)'} is not a web address: give its keys with --jwks`);
  const result = await verifyAttestation({ jws: file.attestation, jwks: await loadJwks(jwksSource), report: file.report });
  const mark = (c: string) => (c === 'pass' ? 'ok' : c === 'fail' ? 'FAILED' : 'not checked');
  const lines = [
    `format:     ${mark(result.checks.format)}`,
    `key:        ${mark(result.checks.key)}${result.kid ? ` (${result.kid})` : ''}${result.checks.key === 'fail' ? ' — not among the published keys: another issuer\'s, or revoked' : ''}`,
    `signature:  ${mark(result.checks.signature)}`,
    `report:     ${mark(result.checks.hash)}${result.checks.hash === 'fail' ? ' — the report differs from what was signed' : ''}`,
  ];
  if (result.payload) {
    const p = result.payload;
    lines.push(
      `issuer:     ${p.iss}`,
      `code:       ${formatCode(p.jti)}`,
      `signed at:  ${new Date(p.iat * 1000).toISOString()} (submitted ${p.submittedAt})`,
      `questionnaire: ${p.questionnaire.id} ${p.questionnaire.version} (${p.questionnaire.hash.slice(0, 12)}…), scoring version ${p.scoringVersion}, ${p.locale}`,
      `figures:    profile ${p.headline.profile}, goals ${p.headline.goal ?? '—'}, preconditions ${p.headline.precondition ?? '—'}, knock-outs ${p.headline.knockouts}, completeness ${Math.round(p.headline.completeness * 100)} %`,
    );
  }
  let status: VerifyOutcome['status'] = null;
  if (opts.status && result.payload) {
    if (!isUrl(result.payload.iss)) throw new Error('--status needs an issuer with a web address');
    status = (await fetchJson(`${result.payload.iss.replace(/\/$/, '')}/api/attestations/${result.payload.jti}/status`)) as NonNullable<VerifyOutcome['status']>;
    lines.push(`status:     ${status.status}${status.since ? ` since ${status.since}` : ''}${status.keyRevoked ? ' — its key has been REVOKED' : ''}`);
  }
  const ok = result.ok && result.checks.hash === 'pass' && (!status || (status.status === 'current' && !status.keyRevoked));
  lines.push(ok ? 'VERIFIED' : 'DOES NOT VERIFY');
  return { result, status, ok, lines };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  let parsed: { values: { jwks?: string; status?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ allowPositionals: true, options: { jwks: { type: 'string' }, status: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.values.help) {
    console.log(`${USAGE}\n  Checks the signature, key and report hash of a JSON export; --jwks gives the keys (a file or URL) instead of the issuer's; --status asks the issuer whether it is still current.`);
    process.exit(0);
  }
  if (parsed.positionals.length !== 1) {
    console.error(USAGE);
    process.exit(2);
  }
  try {
    const outcome = await verifyExport(readFileSync(parsed.positionals[0], 'utf8'), { jwks: parsed.values.jwks, status: parsed.values.status });
    console.log(outcome.lines.join('\n'));
    process.exit(outcome.ok ? 0 : 1);
  } catch (err) {
    console.error(String(err instanceof Error ? err.message : err));
    process.exit(1);
  }
}
