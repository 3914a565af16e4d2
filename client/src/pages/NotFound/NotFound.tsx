import { t } from '../../i18n/i18n.js';

export default function NotFound() {
  return (
    <section>
      <h1>{t('notFound.heading')}</h1>
      <a href="/">{t('notFound.home')}</a>
    </section>
  );
}
