import { locale, setLocale, t } from '../../i18n/i18n.js';

export function LanguageSwitch() {
  return (
    <div class="language-switch" role="group" aria-label={t('app.language')}>
      {(['nl', 'en'] as const).map((l) => (
        <button
          type="button"
          key={l}
          lang={l}
          aria-pressed={locale.value === l}
          onClick={() => setLocale(l)}
        >
          {l === 'nl' ? 'Nederlands' : 'English'}
        </button>
      ))}
    </div>
  );
}
