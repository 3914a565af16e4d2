import type { ReportAction, ReportValue } from '../../api/client.js';
import type { MessageKey } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { locale, t, tc } from '../../i18n/i18n.js';
import { formatChange } from '../Charts/format.js';
import { printMode } from '../../logic/print.js';
import { actionElementId, actionsForValue } from '../../logic/report-actions.js';

// A shape per status, so the status never depends on colour alone (and survives greyscale print).
const SYMBOL: Record<string, string> = {
  critical: '✖', 'unknown-risk': '?', insufficient: '▼', attention: '◆', sufficient: '✔',
  limited: '▽', moderate: '◇', strong: '★', unscored: '–',
};

const number = (x: number) => x.toLocaleString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 2 });

// D12: a knock-out or an unknown risk sets the status whatever the score; the explanation of the
// score says so, or the reader sees 50 next to "Geschonden" and a formula that cannot explain it.
const STATUS_WHY: Record<string, { nl: string; en: string }> = {
  critical: {
    nl: 'De status ‘Geschonden’ komt niet uit deze score: een antwoord schendt deze randvoorwaarde (knock-out), wat de score ook is. De actie staat bovenaan het rapport.',
    en: 'The status ‘Violated’ does not come from this score: an answer violates this precondition (knock-out), whatever the score. The action is at the top of the report.',
  },
  'unknown-risk': {
    nl: 'De status ‘Onbekend risico’ komt niet uit deze score: op een vraag waar deze randvoorwaarde geschonden kan zijn, is ‘weet ik niet’ geantwoord. De actie staat bovenaan het rapport.',
    en: 'The status ‘Unknown risk’ does not come from this score: a question where this precondition may be violated was answered ‘don’t know’. The action is at the top of the report.',
  },
};

/** V = 100 × Σ w·s / Σ w, written out with this value's numbers. */
function formula(value: ReportValue): string {
  const terms = value.contributions.map((c) => `${number(c.weight)} × ${number(c.score)}`).join(' + ');
  const weights = value.contributions.map((c) => number(c.weight)).join(' + ');
  return `100 × (${terms}) / (${weights}) = ${value.score === null ? '–' : number(value.score)}`;
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`status status-${status}`}>
      <span aria-hidden="true">{SYMBOL[status] ?? ''} </span>
      {t(`status.${status}` as MessageKey)}
    </span>
  );
}

export function ValueCard({ value, actions = [] }: { value: ReportValue; actions?: ReportAction[] }) {
  const headingId = `value-${value.id}`;
  const mine = actionsForValue(actions, value.id);
  return (
    <article class={`value-card value-${value.status}`} aria-labelledby={headingId}>
      <header>
        <h3 id={headingId}>{value.name}</h3>
        <StatusBadge status={value.status} />
      </header>
      <p class="score-line">
        <span class="score">{value.score === null ? t('report.notScored') : number(value.score)}</span>
        {value.score !== null && <span class="meta"> / 100</span>}
        <span class="meta"> · {t('report.relevance')}: {t(`report.relevance.${value.relevance}` as MessageKey)}</span>
      </p>
      {value.score !== null && (
        <div class="meter" aria-hidden="true"><div style={{ width: `${value.score}%` }} /></div>
      )}
      <p class="description">{value.description}</p>
      {/* The value × status text is a summary of where the value stands, not the advice: what to do
          follows from the answers, so the card points to this value's actions in the list. */}
      {value.recommendation && (
        <p class="recommendation"><strong>{t('report.inShort')}:</strong> {value.recommendation.step} {value.recommendation.why}</p>
      )}
      {mine.length > 0 && (
        <div class="value-actions">
          <p><strong>{t('report.valueActions')}:</strong></p>
          <ul>
            {mine.map((a) => (
              <li key={a.question}><a href={`#${actionElementId(a.question)}`}>{a.prompt}</a> <span class="meta">({t(`plan.kind.${a.kind}` as MessageKey)})</span></li>
            ))}
          </ul>
        </div>
      )}
      {value.change !== null && <p class="change">{t('report.change', { change: formatChange(value.change) })}</p>}
      {value.contributions.length > 0 && (
        <details class="explain" open={printMode}>
          <summary>{t('report.howComputed')}</summary>
          {STATUS_WHY[value.status] && <p class="status-why">{tc(STATUS_WHY[value.status])}</p>}
          <ul>
            {value.contributions.map((c) => (
              <li key={c.question}>
                {t('report.contribution', { prompt: c.prompt, answer: c.answer.join('; '), weight: number(c.weight), score: number(c.score) })}
                {' → '}{t('report.points', { points: number(c.points) })}
              </li>
            ))}
          </ul>
          <p class="formula"><strong>{t('report.formula')}:</strong> {formula(value)}</p>
        </details>
      )}
    </article>
  );
}
