import type { SaveState } from '../../logic/autosave.js';
import { t } from '../../i18n/i18n.js';

/** `empty`: nothing answered yet, so there is nothing to call saved (the live region stays, silent). */
export function SaveStatus({ state, error, onRetry, empty = false }: { state: SaveState; error?: string | null; onRetry: () => void; empty?: boolean }) {
  return (
    <div class={`save-status save-${state}`} role="status" aria-live="polite">
      {state === 'saved' && !empty && t('test.saved')}
      {state === 'saving' && t('test.saving')}
      {state === 'pending' && t('test.unsaved')}
      {state === 'error' && (
        <>
          {t('test.saveFailed', { message: error ?? '' })}{' '}
          <button type="button" class="link-button" onClick={onRetry}>{t('test.retry')}</button>
        </>
      )}
    </div>
  );
}
