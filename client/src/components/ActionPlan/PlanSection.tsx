// The founder's action plan on the report page (issue 16): one small form per adopted action, saved
// explicitly, with what changed since the previous attempt and a "looks done" suggestion. An edited
// form says it is not saved yet, and leaving the page then asks first. On paper the forms give way to
// a plain table (styles.css), so the PDF carries the plan.
import { useMessage } from '../../logic/message.js';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { planApi, type Plan, type PlanChange, type PlanItem, type PlanStatus } from '../../api/plan.js';
import { formatChange, formatScore } from '../Charts/format.js';
import { locale, t, type MessageKey } from '../../i18n/i18n.js';
import '../../i18n/messages.plan.js';
import { errorText } from '../../logic/errors.js';
import { useLeaveWarning } from '../../logic/leave-warning.js';

const STATUSES: PlanStatus[] = ['open', 'in_progress', 'done', 'dropped'];
const dateOf = (d: string) => new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' });
const statusText = (s: PlanStatus) => t(`myPlan.status.${s}` as MessageKey);

export const planItemElementId = (questionId: string) => `plan-item-${questionId}`;

interface Props { id: string; token: string; plan: Plan; onChange: (plan: Plan) => void }

function SinceBefore({ item }: { item: PlanItem }) {
  return (
    <div class="plan-since">
      <p>
        {item.change
          ? t('myPlan.answerChange', { before: item.change.before ?? t('myPlan.none'), after: item.change.after ?? t('myPlan.none') })
          : t('myPlan.answerSame')}
      </p>
      {item.valueChanges.some((v) => v.change !== null) && (
        <ul>
          {item.valueChanges.filter((v) => v.change !== null).map((v) => (
            <li key={v.id}>{t('myPlan.valueChange', { name: v.name, score: formatScore(v.score), change: formatChange(v.change) })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ItemForm({ item, id, token, onChange, onDirty }: { item: PlanItem; onDirty: (questionId: string, dirty: boolean) => void } & Omit<Props, 'plan'>) {
  const [draft, setDraft] = useState<PlanChange>({});
  const [saved, setSaved] = useState(false);
  const [error, setError] = useMessage();
  const [busy, setBusy] = useState(false);
  const dirty = Object.keys(draft).length > 0;
  // Layout effects, so the page's leave warning knows in the same frame the text says "not saved yet".
  useLayoutEffect(() => onDirty(item.questionId, dirty), [dirty]);
  useLayoutEffect(() => () => onDirty(item.questionId, false), []);
  const value = <K extends keyof PlanChange>(k: K) => (draft[k] !== undefined ? draft[k] : item[k]) as PlanItem[K];
  const edit = (change: PlanChange) => { setDraft({ ...draft, ...change }); setSaved(false); };
  const field = (name: string) => `plan-${item.questionId}-${name}`;

  const send = async (change: PlanChange) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await planApi.save(id, token, item.questionId, change, locale.value));
      // Only what was sent is saved: a field typed while saving, or left out ("mark as done" sends
      // the status alone), stays in the draft and stays "not saved yet".
      setDraft((current) => {
        const rest = { ...current };
        for (const k of Object.keys(change) as Array<keyof PlanChange>) if (rest[k] === change[k]) delete rest[k];
        return rest;
      });
      setSaved(true);
    } catch (err) {
      setError(() => errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setError(null);
    try {
      onChange(await planApi.remove(id, token, item.questionId, locale.value));
      // The item goes, and the button with it: the reader is taken to the plan's heading.
      document.getElementById('my-plan-heading')?.focus();
    } catch (err) {
      setError(() => errorText(err));
    }
  };
  const status = value('status');

  return (
    <li class={`plan-item status-${item.status}`} id={planItemElementId(item.questionId)}>
      <h3 id={field('heading')}>{item.prompt}</h3>
      <p class="meta">
        <span class={`plan-status status-${item.status}`}>{statusText(item.status)}</span>
        {item.overdue && <> · <strong class="overdue">{t('myPlan.overdue')}</strong></>}
        {item.carriedFrom && <> · {t('myPlan.carried')}</>}
      </p>
      {item.carriedFrom && <SinceBefore item={item} />}
      {item.suggestDone && (
        <p class="plan-suggest notice" role="note">
          {t('myPlan.suggestDone')}{' '}
          <button type="button" class="secondary" disabled={busy} onClick={() => send({ status: 'done' })}>{t('myPlan.markDone')}</button>
        </p>
      )}
      <form class="plan-form" aria-labelledby={field('heading')} onSubmit={(e) => { e.preventDefault(); send(draft); }}>
        <div class="plan-fields">
          <p>
            <label for={field('owner')}>{t('myPlan.owner')}</label>
            <input id={field('owner')} maxLength={120} value={value('owner')} onInput={(e) => edit({ owner: e.currentTarget.value })} />
          </p>
          <p>
            <label for={field('due')}>{t('myPlan.dueDate')}</label>
            <input id={field('due')} type="date" value={value('dueDate') ?? ''} onInput={(e) => edit({ dueDate: e.currentTarget.value || null })} />
          </p>
          <p>
            <label for={field('status')}>{t('myPlan.status')}</label>
            <select id={field('status')} value={status} onChange={(e) => edit({ status: e.currentTarget.value as PlanStatus })}>
              {STATUSES.map((s) => <option key={s} value={s}>{statusText(s)}</option>)}
            </select>
          </p>
        </div>
        {status === 'dropped' && (
          <p>
            <label for={field('reason')}>{t('myPlan.dropReason')}</label>
            <textarea id={field('reason')} maxLength={500} rows={2} required value={value('dropReason') ?? ''} onInput={(e) => edit({ dropReason: e.currentTarget.value })} />
          </p>
        )}
        <p>
          <label for={field('note')}>{t('myPlan.note')}</label>
          <textarea id={field('note')} maxLength={2000} rows={2} value={value('note')} onInput={(e) => edit({ note: e.currentTarget.value })} />
        </p>
        <p>
          <label for={field('evidence')}>{t('myPlan.evidence')}</label>
          <input id={field('evidence')} type="url" maxLength={500} value={value('evidenceUrl') ?? ''} onInput={(e) => edit({ evidenceUrl: e.currentTarget.value || null })} />
        </p>
        <div class="plan-buttons">
          <button type="submit" disabled={busy} aria-busy={busy}>{t('myPlan.save')}</button>
          <button type="button" class="secondary" onClick={remove}>{t('myPlan.remove')}</button>
          <span role="status" class="meta">{dirty ? t('myPlan.unsaved') : saved ? t('myPlan.saved') : ''}</span>
        </div>
        {error && <p role="alert" class="error">{error}</p>}
      </form>
    </li>
  );
}

/** What paper shows: the plan as a table, without form controls. */
function PrintedPlan({ plan }: { plan: Plan }) {
  return (
    <table class="plan-print">
      <thead>
        <tr>
          <th scope="col">{t('myPlan.action')}</th><th scope="col">{t('myPlan.owner')}</th><th scope="col">{t('myPlan.dueDate')}</th>
          <th scope="col">{t('myPlan.status')}</th><th scope="col">{t('myPlan.note')}</th>
        </tr>
      </thead>
      <tbody>
        {plan.items.map((i) => (
          <tr key={i.id}>
            <th scope="row">
              {i.prompt}
              {i.carriedFrom && <span class="meta"><br />{i.change ? t('myPlan.answerChange', { before: i.change.before ?? t('myPlan.none'), after: i.change.after ?? t('myPlan.none') }) : t('myPlan.answerSame')}</span>}
              {i.suggestDone && <span class="meta"><br />{t('myPlan.suggestDone')}</span>}
            </th>
            <td>{i.owner}</td>
            <td>{i.dueDate ? dateOf(i.dueDate) : ''}</td>
            <td>{statusText(i.status)}{i.dropReason ? `: ${i.dropReason}` : ''}</td>
            <td>{i.note}{i.evidenceUrl && <><br /><span class="plan-evidence">{i.evidenceUrl}</span></>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PlanSection({ id, token, plan, onChange }: Props) {
  const [error, setError] = useMessage();
  const unsaved = useRef(new Set<string>());
  const onDirty = (questionId: string, dirty: boolean) => { if (dirty) unsaved.current.add(questionId); else unsaved.current.delete(questionId); };
  useLeaveWarning(() => unsaved.current.size > 0, () => t('myPlan.unsavedLeave'));
  const download = async (kind: 'csv' | 'ics') => {
    setError(null);
    try {
      await planApi.download(id, token, kind, locale.value);
    } catch (err) {
      setError(() => errorText(err));
    }
  };
  return (
    <section class="my-plan" aria-labelledby="my-plan-heading">
      <h2 id="my-plan-heading" tabIndex={-1}>{t('myPlan.heading')}</h2>
      <p class="no-print">{t('myPlan.lead')}</p>
      {plan.previousAttempt && plan.items.some((i) => i.carriedFrom) && (
        <p class="meta">{t('myPlan.since', { date: dateOf(plan.previousAttempt.submittedAt) })}</p>
      )}
      {plan.items.length === 0 ? <p>{t('myPlan.empty')}</p> : (
        <>
          <ol class="plan-items no-print">
            {plan.items.map((item) => <ItemForm key={item.id} item={item} id={id} token={token} onChange={onChange} onDirty={onDirty} />)}
          </ol>
          <div class="print-only"><PrintedPlan plan={plan} /></div>
          <div class="action-buttons no-print">
            <button type="button" class="secondary" onClick={() => download('csv')}>{t('myPlan.downloadCsv')}</button>
            <button type="button" class="secondary" onClick={() => download('ics')}>{t('myPlan.downloadIcs')}</button>
          </div>
        </>
      )}
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}

/** The control beside each action of the report's list. */
export function AdoptButton({ questionId, prompt, plan, id, token, onChange }: { questionId: string; prompt: string } & Props) {
  const [error, setError] = useMessage();
  const [busy, setBusy] = useState(false);
  if (plan.items.some((i) => i.questionId === questionId)) {
    return <p class="plan-adopted no-print"><span aria-hidden="true">✓ </span><a href={`#${planItemElementId(questionId)}`}>{t('myPlan.adopted')}</a></p>;
  }
  const adopt = async () => {
    setBusy(true);
    setError(null);
    try {
      onChange(await planApi.save(id, token, questionId, {}, locale.value));
    } catch (err) {
      setError(() => errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <p class="plan-adopt no-print">
      <button type="button" class="secondary" disabled={busy} aria-busy={busy} aria-label={t('myPlan.adoptLabel', { prompt })} onClick={adopt}>+ {t('myPlan.adopt')}</button>
      {error && <span role="alert" class="error"> {error}</span>}
    </p>
  );
}
