// Recording or changing the decision: an outcome and a required rationale. Offered only when the
// server says this person may decide (a manager or admin, the quorum reached).
import { useMessage } from '../../../logic/message.js';
import { useState } from 'preact/hooks';
import { decideApi, OUTCOMES, type DecisionView, type Outcome } from '../../../api/decide.js';
import { t } from '../../../i18n/i18n.js';
import '../../../i18n/messages.decide.js';
import { errorText } from '../../../logic/errors.js';
import { useBusy } from '../../../logic/busy.js';

/** The server's bound on a rationale. */
const MAX_RATIONALE = 5000;

/**
 * The page gives the form a key per decision version, so a recorded decision starts a fresh form: the
 * "recorded" message is the page's to show (onSaved), or it went with the old form unseen.
 */
export function DecisionForm({ view, onSaved }: { view: DecisionView; onSaved: (v: DecisionView) => void }) {
  const [outcome, setOutcome] = useState<Outcome | null>(view.decision?.outcome ?? null);
  const [rationale, setRationale] = useState(view.decision?.rationale ?? '');
  const [error, setError] = useMessage();
  const [busy, once] = useBusy();
  const save = async (e: Event) => {
    e.preventDefault();
    // Every send is a new version: a second click while the first is on its way would record the
    // decision twice, the second as a "change", with its mails and webhooks.
    if (busy) return;
    if (!outcome) return setError(() => t('decide.outcomeMissing'));
    if (!rationale.trim()) return setError(() => t('decide.rationaleMissing'));
    await once(async () => {
      try {
        onSaved(await decideApi.decide(view.submission.id, outcome, rationale.trim()));
      } catch (err) {
        setError(() => errorText(err));
      }
    });
  };
  return (
    <form class="decision-form" onSubmit={save} noValidate aria-labelledby="decide-form-heading">
      <h3 id="decide-form-heading">{view.decision ? t('decide.change') : t('decide.record')}</h3>
      <fieldset>
        <legend>{t('decide.outcome')}</legend>
        {OUTCOMES.map((o) => (
          <label key={o} class="checkbox">
            <input type="radio" name="outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
            {t(`decide.outcome.${o}`)}
          </label>
        ))}
      </fieldset>
      <label for="decision-rationale">{t('decide.rationale')}</label>
      <textarea id="decision-rationale" rows={5} maxLength={MAX_RATIONALE} value={rationale} onInput={(e) => setRationale(e.currentTarget.value)} />
      <p class="hint">{view.programme.showDecisionToStartups ? t('decide.startupSees') : t('decide.startupDoesNotSee')}</p>
      {error && <p role="alert" class="error">{error}</p>}
      <div><button type="submit" disabled={busy} aria-busy={busy}>{view.decision ? t('decide.change') : t('decide.record')}</button></div>
    </form>
  );
}
