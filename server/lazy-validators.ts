// Request validators compiled on a route's first request instead of at start-up, for the reason
// response serializers are (server/lazy-serializers.ts): Fastify compiles every route's body, query,
// params and headers schema with ajv while the app starts, about a tenth of start-up's CPU for about
// 150 routes, most of which an instance may not be asked for in hours. Spawn to the first answer on an
// empty database, 6 alternating runs each: 1,453 → 1,374 ms (means). What is checked, and the
// errors a request gets, do not change: the same ajv, with the same options, compiles the same
// schema, only later.
import { createRequire } from 'node:module';

type Validate = ((...args: unknown[]) => unknown) & { errors?: unknown };
type Compile = (context: { schema: unknown; method: string; url: string; httpPart: string }) => Validate;
type Build = (externalSchemas: unknown, options: unknown) => Compile;

/** Counts compilations, so a test can see that none happen before a route is asked for. */
export const validatorStats = { compiled: 0 };

// Fastify's own default validator compiler (a dependency of fastify, CommonJS).
const ajvCompiler = createRequire(import.meta.url)('@fastify/ajv-compiler') as () => Build;

export function lazyValidators(): Build {
  const eager = ajvCompiler();
  return (externalSchemas, options) => {
    const compileNow = eager(externalSchemas, options);
    return (context) => {
      let validate: Validate | undefined;
      const lazy: Validate = (...args) => {
        if (!validate) {
          validate = compileNow(context);
          validatorStats.compiled++;
        }
        const result = validate(...args);
        // Fastify reads a failed validation's errors from the function it was given.
        lazy.errors = validate.errors;
        return result;
      };
      return lazy;
    };
  };
}
