// The store behind @fastify/rate-limit. The global limit (RATE_LIMIT_PER_MINUTE) protects one
// instance's capacity and is counted in that instance's memory, as the plugin does by default: a
// database write per request would double the write load of autosave for nothing. The per-route
// limits guard secrets (passwords, set-password links, join codes) against guessing; with several
// instances a guesser would get one allowance per instance, so on PostgreSQL they are counted in the
// database, shared by all instances. SQLite means one instance: everything stays in memory there.
import { createRequire } from 'node:module';
import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RateLimitRepository } from '../repositories/rate-limits.js';

type Incr = (key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, timeWindow: number, max: number) => void;
interface Store { incr: Incr; child(routeOptions: RouteLimit): Store }
interface RouteLimit { routeInfo?: { method?: string | string[]; url?: string } }

// The plugin's own in-memory store (fixed windows, at most 5,000 addresses kept); not in its typings.
const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as new (continueExceeding: boolean, exponentialBackoff: boolean, cache?: number) => Store;

/**
 * A store class for the plugin's `store` option. `shared` gives the database's counters when the
 * route limits are to be shared (PostgreSQL), or null; it is read on the first request, once the
 * database is open.
 */
export function rateLimitStore(shared: () => RateLimitRepository | null): FastifyRateLimitStoreCtor {
  class DatabaseStore implements Store {
    constructor(private readonly route: string, private readonly repo: RateLimitRepository) {}
    incr: Incr = (key, cb, timeWindow) => {
      const now = Date.now();
      // Keys are bounded: route and client address (at most ~60 characters each).
      this.repo.hit(`${this.route}|${key}`.slice(0, 200), timeWindow, now).then(
        ({ hits, resetsAt }) => cb(null, { current: hits, ttl: Math.max(0, resetsAt - now) }),
        (err: Error) => cb(err),
      );
    };
    child(): Store {
      return this;
    }
  }

  /** Per route: the database's counters when shared, else memory; decided on the first request. */
  class RouteStore implements Store {
    private store: Store | null = null;
    constructor(private readonly route: string) {}
    incr: Incr = (key, cb, timeWindow, max) => {
      if (!this.store) {
        const repo = shared();
        this.store = repo ? new DatabaseStore(this.route, repo) : new LocalStore(false, false);
      }
      this.store.incr(key, cb, timeWindow, max);
    };
    child(): Store {
      return this;
    }
  }

  class GlobalStore implements Store {
    private readonly local = new LocalStore(false, false);
    incr: Incr = (key, cb, timeWindow, max) => this.local.incr(key, cb, timeWindow, max);
    child(routeOptions: RouteLimit): Store {
      const info = routeOptions.routeInfo ?? {};
      const method = Array.isArray(info.method) ? info.method.join(',') : (info.method ?? '');
      return new RouteStore(`${method} ${info.url ?? ''}`);
    }
  }

  return GlobalStore as unknown as FastifyRateLimitStoreCtor;
}
