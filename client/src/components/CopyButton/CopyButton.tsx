import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n.js';

/**
 * Copies a link and says so in a polite live region next to the button, so a screen-reader user
 * hears it without losing their place. A browser without clipboard access is told to copy by hand.
 */
export function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => setState('idle'), [text]);
  const copy = () => {
    if (!navigator.clipboard) return setState('failed');
    navigator.clipboard.writeText(text).then(() => setState('copied'), () => setState('failed'));
  };
  return (
    <span class="copy">
      <button type="button" class="secondary" onClick={copy}>{t('copy.button')}</button>
      <span class="copy-status" aria-live="polite">{state === 'copied' ? t('copy.done') : state === 'failed' ? t('copy.failed') : ''}</span>
    </span>
  );
}
