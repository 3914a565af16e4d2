import { ApiError } from '../api/client.js';
import { locale, t } from '../i18n/i18n.js';

export function errorText(err: unknown): string {
  if (err instanceof ApiError && err.status === 0) return t('error.network');
  if (err instanceof ApiError && err.code === 'database-busy') return t('error.databaseBusy');
  return err instanceof Error ? err.message : String(err);
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
export const SHARED_AFTER_DEADLINE = 'shared-after-deadline';

/**
 * Why deleting a test failed, in the reader's language. A test shared with a programme whose deadline
 * passed stays with that programme: name it and its deadline (looked up with the token) instead of
 * showing the server's English sentence.
 */
export async function deleteErrorText(err: unknown, sharedWith: () => Promise<{ name: string; deadline: string | null } | null>): Promise<string> {
  if (!(err instanceof ApiError) || err.code !== SHARED_AFTER_DEADLINE) return errorText(err);
  const programme = await sharedWith().catch(() => null);
  if (!programme?.deadline) return t('test.deleteRefusedShared');
  const date = new Intl.DateTimeFormat(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' }).format(new Date(programme.deadline));
  return t('test.deleteRefusedDeadline', { programme: programme.name, date });
}
