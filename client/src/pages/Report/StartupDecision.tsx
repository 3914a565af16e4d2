// The programme's decision on the startup's report page, when the programme shows decisions to
// startups: the outcome and rationale only (the server sends nothing else).
import { useEffect, useState } from 'preact/hooks';
import { decideApi, type StartupDecision as Decision } from '../../api/decide.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.decide.js';
import { formatDate } from '../../logic/staff.js';
import '../Staff/Decision/decision.css';

export function StartupDecision({ id, token }: { id: string; token: string }) {
  const [decision, setDecision] = useState<Decision | null>(null);
  useEffect(() => {
    // Nothing to show is the common case; a failed look-up must not spoil the report.
    decideApi.forStartup(id, token).then((r) => setDecision(r.decision), () => setDecision(null));
  }, [id, token]);
  if (!decision) return null;
  return (
    <section class="startup-decision" aria-labelledby="startup-decision-heading">
      <h2 id="startup-decision-heading">{t('decide.startup.heading', { programme: decision.programme })}</h2>
      <p><strong>{t('decide.startup.outcome', { outcome: t(`decide.outcome.${decision.outcome}`) })}</strong> · {formatDate(decision.decidedAt, locale.value)}</p>
      <h3>{t('decide.startup.rationale')}</h3>
      <p class="note-text">{decision.rationale}</p>
    </section>
  );
}
