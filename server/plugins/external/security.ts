// External plugins: security headers and rate limits.
import type { IncomingMessage, ServerResponse } from 'node:http';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import type { AppConfig } from '../../config.js';
import { HttpError } from '../../errors.js';
import { rateLimitStore } from '../../limits/rate-limit-store.js';
import { createRateLimitRepository, type RateLimitRepository } from '../../repositories/rate-limits.js';

const PERMISSIONS_POLICY = [
  'accelerometer', 'autoplay', 'camera', 'display-capture', 'geolocation', 'gyroscope', 'magnetometer',
  'microphone', 'midi', 'payment', 'publickey-credentials-get', 'screen-wake-lock', 'serial', 'usb', 'xr-spatial-tracking',
].map((feature) => `${feature}=()`).join(', ');

const HELMET: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  // Report links may be opened from other sites; the app itself never needs a referrer.
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet sets with this configuration. Nothing in it depends on the request (no nonces,
 * no per-route options), so they are worked out once. @fastify/helmet built helmet's middleware anew
 * on every request, parsing the CSP each time: about 4 % of a request's CPU.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number) => { headers[name.toLowerCase()] = String(value); },
    removeHeader: (name: string) => { delete headers[name.toLowerCase()]; },
  };
  helmet(HELMET)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  // helmet has no Permissions-Policy; the app uses none of these features, in its own pages or embedded.
  headers['permissions-policy'] = PERMISSIONS_POLICY;
  return headers;
}

export default fp(
  async function security(fastify, opts: { config: AppConfig }) {
    const headers = securityHeaders();
    // On every response, errors and static files included; a route may still change one (the embed
    // page's frame-ancestors, the embed script's Cross-Origin-Resource-Policy).
    fastify.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
    if (opts.config.rateLimitPerMinute > 0) {
      // Route limits (sign-in, join codes) are shared by the instances on PostgreSQL; the database
      // is opened by the services plugin, registered after this one, so it is looked up on first use.
      let shared: RateLimitRepository | null | undefined;
      const sharedCounts = () => (shared ??= opts.config.databaseUrl ? createRateLimitRepository(fastify.database.kysely) : null);
      await fastify.register(rateLimit, {
        store: rateLimitStore(sharedCounts),
        max: opts.config.rateLimitPerMinute,
        timeWindow: '1 minute',
        // Thrown by the plugin, so it passes the app's error handler like every other error.
        errorResponseBuilder: (_req, ctx) => new HttpError(429, 'rate-limited', `too many requests: at most ${ctx.max} per minute, try again in ${Math.ceil(ctx.ttl / 1000)} s`),
      });
    }
  },
  { name: 'security' },
);
