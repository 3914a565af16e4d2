// Who is assigned to review this submission; managers and admins add and remove assessors here.
import { useMessage } from '../../../logic/message.js';
import { useState } from 'preact/hooks';
import { decideApi, type DecisionView } from '../../../api/decide.js';
import { t } from '../../../i18n/i18n.js';
import '../../../i18n/messages.decide.js';
import { errorText } from '../../../logic/errors.js';

export function Assignees({ view, onChanged }: { view: DecisionView; onChanged: () => void }) {
  const [pick, setPick] = useState('');
  const [error, setError] = useMessage();
  const assigned = new Set(view.assignees.map((a) => a.id));
  const free = view.assessors.filter((a) => !assigned.has(a.id));
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setError(null);
      onChanged();
    } catch (err) {
      setError(() => errorText(err));
    }
  };
  return (
    <section class="assignees" aria-labelledby="assignees-heading">
      <h2 id="assignees-heading">{t('decide.assignees')}</h2>
      {view.assignees.length === 0 ? <p>{t('decide.noAssignees')}</p> : (
        <ul>
          {view.assignees.map((a) => (
            <li key={a.id}>
              {a.name || a.email} · {t(`decide.review.${a.reviewStatus ?? 'none'}`)}
              {view.canAssign && (
                <> <button type="button" class="link-button" aria-label={t('decide.unassignLabel', { name: a.name || a.email })}
                  onClick={() => run(() => decideApi.unassign(view.submission.id, a.id))}>{t('decide.unassign')}</button></>
              )}
            </li>
          ))}
        </ul>
      )}
      {view.canAssign && free.length > 0 && (
        <form class="assign-row" onSubmit={(e) => { e.preventDefault(); if (pick) run(() => decideApi.assign(view.submission.id, pick)); }}>
          <div>
            <label for="assign-to">{t('decide.assignTo')}</label>
            <select id="assign-to" value={pick} onChange={(e) => setPick(e.currentTarget.value)}>
              <option value="">–</option>
              {free.map((a) => <option key={a.id} value={a.id}>{a.name || a.email}</option>)}
            </select>
          </div>
          <button type="submit" class="secondary">{t('decide.assign')}</button>
        </form>
      )}
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}
