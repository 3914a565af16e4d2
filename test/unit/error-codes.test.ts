// Issue 13: every error the API can send has a stable code from one list, and the interface has its
// own Dutch and English sentence for each, so the server's English message never reaches the screen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../client/src/api/client.js';
import { locale, t } from '../../client/src/i18n/i18n.js';
import * as texts from '../../client/src/i18n/messages.errors.js';
import { errorText } from '../../client/src/logic/errors.js';
import { codeForStatus, ERROR_CODE_LIST, ERROR_CODES } from '../../core/error-codes.js';
import { ROOT } from '../helpers/app.js';

afterEach(() => {
  locale.value = 'nl';
});

describe('the list of error codes', () => {
  it('holds lower-case kebab codes, each with an error status and a meaning', () => {
    expect(ERROR_CODE_LIST.length).toBeGreaterThan(40);
    for (const code of ERROR_CODE_LIST) {
      expect(code).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(ERROR_CODES[code].status).toBeGreaterThanOrEqual(400);
      expect(ERROR_CODES[code].status).toBeLessThan(600);
      expect(ERROR_CODES[code].meaning.length).toBeGreaterThan(10);
    }
  });

  it('has a fallback code of the same status for every status the server can send', () => {
    for (const status of [400, 401, 403, 404, 408, 409, 410, 413, 414, 415, 429, 431, 500, 503]) {
      const code = codeForStatus(status);
      expect(ERROR_CODE_LIST).toContain(code);
      if (status !== 409 && status !== 410 && status !== 503) expect(ERROR_CODES[code].status, `${status}`).toBe(status);
    }
  });

  it('is the table in docs/api.md, code by code with its status', () => {
    const doc = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z0-9-]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(rows).toEqual(ERROR_CODE_LIST.map((code) => [code, ERROR_CODES[code].status]));
  });
});

describe('the interface has its own words for every code', () => {
  it('a Dutch and an English text for each code, different from each other', () => {
    expect(Object.keys(texts.nl).sort()).toEqual([...ERROR_CODE_LIST].sort());
    expect(Object.keys(texts.en).sort()).toEqual([...ERROR_CODE_LIST].sort());
    for (const code of ERROR_CODE_LIST) {
      expect(texts.nl[code].trim(), code).not.toBe('');
      expect(texts.en[code].trim(), code).not.toBe('');
      expect(texts.nl[code], code).not.toBe(texts.en[code]);
    }
  });

  it('shows that text for an API error, never the server\'s message, and follows the language', () => {
    for (const code of ERROR_CODE_LIST) {
      const err = new ApiError(ERROR_CODES[code].status, 'an English sentence for developers', code);
      locale.value = 'nl';
      expect(errorText(err)).toBe(texts.nl[code]);
      locale.value = 'en';
      expect(errorText(err)).toBe(texts.en[code]);
    }
  });

  it('falls back to the code of the status when an answer has no known code (a proxy\'s 502, an older server)', () => {
    expect(errorText(new ApiError(404, 'Not Found'))).toBe(texts.nl['not-found']);
    expect(errorText(new ApiError(502, 'Bad Gateway'))).toBe(texts.nl['internal-error']);
    expect(errorText(new ApiError(400, 'body/x must be string', 'some-future-code'))).toBe(texts.nl['invalid-request']);
    expect(errorText(new ApiError(0, 'network'))).toBe(t('error.network'));
    expect(errorText(new Error('TypeError: x is undefined'))).toBe(t('app.error'));
  });
});
