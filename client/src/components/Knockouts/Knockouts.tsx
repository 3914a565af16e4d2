import type { Report } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';

export function Knockouts({ knockouts, names }: { knockouts: Report['knockouts']; names: Map<string, string> }) {
  if (knockouts.length === 0) return null;
  return (
    <section class="knockouts" aria-labelledby="knockouts-heading">
      <h2 id="knockouts-heading"><span aria-hidden="true">✖ </span>{t('report.knockouts')}</h2>
      <p><strong>{t('report.knockoutsLead')}</strong></p>
      <ul>
        {knockouts.map((k) => (
          <li key={`${k.question}:${k.option}`}>
            <p><strong>{k.values.map((v) => names.get(v) ?? v).join(', ')}</strong>: {k.message}</p>
            <p class="meta">{t('report.knockoutAnswer', { prompt: k.prompt, answer: k.answer })}</p>
            {k.action && <p><strong>{t('report.knockoutAction')}:</strong> {k.action.step}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
