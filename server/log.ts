// What the request log may hold. Tokens travel in headers and URL fragments by design, but a client
// (or a link pasted into a tool) can still put one in a query string, and access logs outlive the
// token's purpose: query values that are named like a secret or look like one are logged as [redacted].
import type { FastifyRequest } from 'fastify';

const SECRET_NAME = /token|ticket|secret|pass|session|auth|key|sig|code|csrf/i;
// 20+ characters of base64url: every token this app hands out (resume, share, print ticket, API key).
const SECRET_VALUE = /^[A-Za-z0-9_-]{20,}$/;

export function redactUrl(url: string): string {
  // A fragment never reaches a server from a browser; if one arrives anyway it was sent on purpose.
  const hash = url.indexOf('#');
  const noFragment = hash >= 0 ? `${url.slice(0, hash)}#[redacted]` : url;
  const q = noFragment.indexOf('?');
  if (q < 0) return noFragment;
  const [query, fragment = ''] = noFragment.slice(q + 1).split('#');
  const parts = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq < 0) return pair;
    const name = pair.slice(0, eq);
    let value = pair.slice(eq + 1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // An undecodable value is logged redacted rather than guessed at.
      return `${name}=[redacted]`;
    }
    return SECRET_NAME.test(name) || SECRET_VALUE.test(value) ? `${name}=[redacted]` : pair;
  });
  return `${noFragment.slice(0, q)}?${parts.join('&')}${hash >= 0 ? `#${fragment}` : ''}`;
}

/** pino's request serializer: Fastify's default fields, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
