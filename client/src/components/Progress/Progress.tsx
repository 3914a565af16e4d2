import { t } from '../../i18n/i18n.js';

export function Progress({ answered, total }: { answered: number; total: number }) {
  const pct = total === 0 ? 100 : Math.round((answered / total) * 100);
  const label = t('test.progress', { answered, total });
  return (
    <div class="progress">
      <div class="progress-label" id="progress-label">{label}</div>
      <div class="progress-track" role="progressbar" aria-labelledby="progress-label" aria-valuemin={0} aria-valuemax={total} aria-valuenow={answered}>
        <div class="progress-bar" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
