// Response serializers compiled on a route's first answer instead of at start-up. fast-json-stringify
// compiles every response schema of every route when the app starts: 40 % of start-up's CPU (1.6 s
// of 4 s on a busy 2-core machine) for about 150 routes, most of which (staff, integration, admin)
// an instance may not answer for hours. Start-up is what an update or a crash costs the founders
// filling in the test, so the cost moves to the first answer of each route and status (a few ms once).
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { reportJson } from './report/report-json.js';

type Compile = (context: { schema: unknown; method: string; url: string; httpStatus: string; contentType?: string }) => (data: unknown) => string;

/** Counts compilations, so a test can see that none happen before a route answers. */
export const serializerStats = { compiled: 0 };

export function lazySerializers() {
  const eager = SerializerSelector();
  return function buildSerializer(externalSchemas: unknown, serializerOpts: unknown): Compile {
    const compileNow = eager(externalSchemas as never, serializerOpts as never) as unknown as Compile;
    return (context) => {
      let serialize: ((data: unknown) => string) | undefined;
      return (data) => {
        if (!serialize) {
          serialize = compileNow(context);
          serializerStats.compiled++;
        }
        return serialize(data);
      };
    };
  };
}

/**
 * For routes whose answer is a report (40–60 KB, mostly open objects in its schema): reportJson gives
 * JSON.stringify's very string and writes the parts reports share once (server/report/report-json.ts);
 * the compiled serializer was slower than JSON.stringify there and would drop nothing the builder does
 * not already leave out (test/api/report-features.test.ts compares the answer's keys with the schema's).
 * The schema still documents and types the answer.
 */
export const reportSerializer = () => reportJson;
