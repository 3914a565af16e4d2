import { ApiError } from '../api/client.js';
import { t } from '../i18n/i18n.js';

export function errorText(err: unknown): string {
  if (err instanceof ApiError && err.status === 0) return t('error.network');
  if (err instanceof ApiError && err.code === 'database-busy') return t('error.databaseBusy');
  return err instanceof Error ? err.message : String(err);
}
