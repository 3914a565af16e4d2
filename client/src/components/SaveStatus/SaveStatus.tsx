import type { SaveState } from '../../logic/autosave.js';
import { t } from '../../i18n/i18n.js';

export function SaveStatus({ state, error, onRetry }: { state: SaveState; error?: string; onRetry: () => void }) {
  return (
    <div class={`save-status save-${state}`} role="status" aria-live="polite">
      {state === 'saved' && t('test.saved')}
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
