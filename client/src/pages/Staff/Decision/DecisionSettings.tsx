// On the programme page, for its managers: how many submitted reviews a submission needs, whether the
// startup sees the decision, and round-robin assignment of the unassigned submissions.
import { useState } from 'preact/hooks';
import { decideApi } from '../../../api/decide.js';
import { t } from '../../../i18n/i18n.js';
import '../../../i18n/messages.decide.js';
import { errorText } from '../../../logic/errors.js';
import { useBusy } from '../../../logic/busy.js';
import type { Say } from '../../../logic/message.js';
import './decision.css';

export function DecisionSettings({ programme, onSaved }: { programme: { id: string; reviewsNeeded?: number; showDecisionToStartups?: boolean }; onSaved: () => void }) {
  const [needed, setNeeded] = useState(String(programme.reviewsNeeded ?? 2));
  const [show, setShow] = useState(programme.showDecisionToStartups ?? false);
  // Kept as how to say it, so a language switch says it again in the other language.
  const [message, setMessage] = useState<{ ok: boolean; say: Say } | null>(null);
  // One action at a time: a second round-robin click while the first was on its way assigned nothing
  // and its "0 assignments made" replaced the first one's count.
  const [busy, once] = useBusy();
  const act = (action: () => Promise<Say>) => once(async () => {
    try {
      setMessage({ ok: true, say: await action() });
      onSaved();
    } catch (err) {
      setMessage({ ok: false, say: () => errorText(err) });
    }
  });
  const save = (e: Event) => {
    e.preventDefault();
    act(async () => {
      await decideApi.settings(programme.id, { reviewsNeeded: Number(needed), showDecisionToStartups: show });
      return () => t('decide.saved');
    });
  };
  return (
    <form class="form-grid" onSubmit={save} noValidate aria-labelledby="decide-settings-heading">
      <h2 id="decide-settings-heading">{t('decide.settings')}</h2>
      <div>
        <label for="reviews-needed">{t('decide.reviewsNeeded')}</label>
        <input id="reviews-needed" type="number" inputMode="numeric" min={1} max={10} step={1} value={needed} onInput={(e) => setNeeded(e.currentTarget.value)} />
      </div>
      <label class="checkbox">
        <input type="checkbox" checked={show} onChange={(e) => setShow(e.currentTarget.checked)} /> {t('decide.showToStartups')}
      </label>
      <div><button type="submit" disabled={busy}>{t('staff.save')}</button></div>
      <div>
        <button type="button" class="secondary" disabled={busy} aria-busy={busy} onClick={() => act(async () => {
          const n = (await decideApi.roundRobin(programme.id)).assigned.length;
          return () => t('decide.roundRobinDone', { n });
        })}>
          {t('decide.roundRobin')}
        </button>
        <p class="hint">{t('decide.roundRobinHint')}</p>
      </div>
      {message && <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'success' : 'error'}>{message.say()}</p>}
    </form>
  );
}
