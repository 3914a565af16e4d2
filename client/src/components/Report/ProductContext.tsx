import type { Report } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';

/** The intake answers beside the scores (contextAnswers, core/report-context.ts): whom the product reaches, not how well it does. */
export function ProductContext({ rows }: { rows: Report['answers'] }) {
  if (rows.length === 0) return null;
  return (
    <section class="product-context" aria-labelledby="context-heading">
      <h3 id="context-heading">{t('report.context')}</h3>
      <p class="meta">{t('report.contextLead')}</p>
      <dl>
        {rows.map((a) => (
          <div key={a.question}>
            <dt>{a.prompt}</dt>
            <dd>{a.answer}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
