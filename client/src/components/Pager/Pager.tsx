import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.staff.js';

/**
 * Previous / "page n of m" / next under a paged list. `page` counts from 0; the caller decides
 * whether a single page shows a pager at all.
 */
export function Pager({ page, pages, onPage }: { page: number; pages: number; onPage: (page: number) => void }) {
  return (
    <nav class="pager" aria-label={t('staff.pager')}>
      <button type="button" class="secondary" disabled={page === 0} onClick={() => onPage(page - 1)}>{t('staff.pager.previous')}</button>
      <span>{t('staff.pager.page', { n: page + 1, total: pages })}</span>
      <button type="button" class="secondary" disabled={page + 1 >= pages} onClick={() => onPage(page + 1)}>{t('staff.pager.next')}</button>
    </nav>
  );
}
