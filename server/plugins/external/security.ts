// External plugins: security headers and rate limits.
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { AppConfig } from '../../config.js';
import { HttpError } from '../../errors.js';
import { rateLimitStore } from '../../limits/rate-limit-store.js';
import { createRateLimitRepository, type RateLimitRepository } from '../../repositories/rate-limits.js';

const PERMISSIONS_POLICY = [
  'accelerometer', 'autoplay', 'camera', 'display-capture', 'geolocation', 'gyroscope', 'magnetometer',
  'microphone', 'midi', 'payment', 'publickey-credentials-get', 'screen-wake-lock', 'serial', 'usb', 'xr-spatial-tracking',
].map((feature) => `${feature}=()`).join(', ');

export default fp(
  async function security(fastify, opts: { config: AppConfig }) {
    await fastify.register(helmet, {
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
    });
    // helmet has no Permissions-Policy; the app uses none of these features, in its own pages or embedded.
    fastify.addHook('onRequest', async (_request, reply) => {
      reply.header('permissions-policy', PERMISSIONS_POLICY);
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
