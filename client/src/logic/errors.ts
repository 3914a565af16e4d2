import { ApiError } from '../api/client.js';
import { codeForStatus, type ErrorCode } from '../../../core/error-codes.js';
import { locale, t } from '../i18n/i18n.js';
import type { Say } from './message.js';
import { en as codeEn, nl as codeNl } from '../i18n/messages.errors.js';

// Named imports, not a namespace: see i18n.ts (a namespace object costs the first page a request).
const codeTexts = { nl: codeNl, en: codeEn };

/** The code of an API error as the interface knows it: the server's, else the one its status stands for. */
export function errorCodeOf(err: ApiError): ErrorCode {
  return err.code !== undefined && Object.hasOwn(codeTexts.nl, err.code) ? (err.code as ErrorCode) : codeForStatus(err.status);
}

/** The interface's own sentence for an error code, in the reader's language. */
export const codeText = (code: ErrorCode): string => codeTexts[locale.value][code] ?? codeTexts.nl[code];

/**
 * What to tell the reader about a failure. Always the interface's own words for the error's code: the
 * server's message is English and written for developers, so it is never shown (issue 13).
 */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.status === 0 ? t('error.network') : codeText(errorCodeOf(err));
  return t('app.error');
}

/**
 * Why a test or report opened with a resume token cannot be shown. The server answers 404 alike for
 * a deleted test and a mangled link (it must not tell which), so the reader gets one sentence for both.
 */
export function responseErrorText(err: unknown): string {
  if (err instanceof ApiError && (err.status === 404 || err.status === 401)) return t('resume.gone');
  return errorText(err);
}

/** The code of a deletion the server refused because the programme keeps the shared test. */
export const SHARED_AFTER_DEADLINE = 'shared-after-deadline' satisfies ErrorCode;

/**
 * Why deleting a test failed, as a message said in the reader's language whenever it is shown
 * (logic/message.ts). A test shared with a programme whose deadline passed stays with that programme:
 * name it and its deadline (looked up with the token, once) instead of showing the server's English
 * sentence.
 */
export async function deleteErrorSay(err: unknown, sharedWith: () => Promise<{ name: string; deadline: string | null } | null>): Promise<Say> {
  if (!(err instanceof ApiError) || err.code !== SHARED_AFTER_DEADLINE) return () => errorText(err);
  const programme = await sharedWith().catch(() => null);
  if (!programme?.deadline) return () => t('test.deleteRefusedShared');
  const deadline = new Date(programme.deadline);
  return () => t('test.deleteRefusedDeadline', {
    programme: programme.name,
    date: new Intl.DateTimeFormat(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' }).format(deadline),
  });
}
