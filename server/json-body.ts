// The JSON body parser. Fastify's own decodes invalid UTF-8 to U+FFFD without a word and lets lone
// surrogates ("\ud800") through, which would store mangled text as if the respondent had sent it
// (found by test/fuzz and an outside test). Both are refused here, once for every route and every
// text field, naming the field.
import type { FastifyInstance } from 'fastify';
import { isUtf8 } from 'node:buffer';
import { badRequest, HttpError } from './errors.js';

// Raw UTF-8 cannot carry a surrogate (isUtf8 refuses it), so one can only arrive as a \u escape:
// bodies without a "\uD8…"–"\uDF…" escape are not walked at all.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// NUL can likewise only arrive as "\u0000". No text anyone types holds it, and PostgreSQL cannot store
// it in a text column: refused alike on both engines.
const NUL_ESCAPE = /\\u0000/;
const NUL = /\0/;

const pointerPart = (key: string) => key.replace(LONE_SURROGATE, '\uFFFD').replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointer of the first string (value or key) that `bad` matches, if any. */
function firstStringMatching(root: unknown, bad: RegExp): string | undefined {
  // An explicit stack: a hostile body may nest deeper than the call stack goes.
  const stack: Array<[unknown, string]> = [[root, '']];
  while (stack.length) {
    const [value, pointer] = stack.pop()!;
    if (typeof value === 'string') {
      if (bad.test(value)) return pointer || '/';
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${pointer}/${i}`]);
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        if (bad.test(key)) return `${pointer}/${pointerPart(key)}`;
        stack.push([child, `${pointer}/${pointerPart(key)}`]);
      }
    }
  }
  return undefined;
}

/** The JSON pointer of the first string (value or key) holding a lone surrogate, if any. */
export const loneSurrogateAt = (root: unknown) => firstStringMatching(root, LONE_SURROGATE);

export function registerJsonParser(fastify: FastifyInstance) {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (!isUtf8(body as Buffer)) return done(badRequest('invalid-utf8', 'body is not valid UTF-8'), undefined);
    const text = (body as Buffer).toString('utf8');
    return parseJson(request, text, (err, parsed) => {
      if (err) return done(err, parsed);
      if (NUL_ESCAPE.test(text)) {
        const nulAt = firstStringMatching(parsed, NUL);
        if (nulAt !== undefined) return done(new HttpError(400, 'nul-character', `${nulAt}: contains a NUL character (\\u0000), which no text may hold`), undefined);
      }
      if (!SURROGATE_ESCAPE.test(text)) return done(null, parsed);
      const at = loneSurrogateAt(parsed);
      if (at === undefined) return done(null, parsed);
      return done(new HttpError(400, 'lone-surrogate', `${at}: contains a lone surrogate (half of a UTF-16 pair); send valid Unicode text`), undefined);
    });
  });
}
