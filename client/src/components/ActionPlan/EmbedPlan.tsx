// The action plan inside a programme's embed, after submitting: the report's action list with
// "add to my plan" and the plan itself. Every change is told to the host page (zelftoets:plan.updated)
// with counts only: the plan's words stay in the frame.
import { useMessage } from '../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { api, type ReportAction } from '../../api/client.js';
import { planApi, type Plan } from '../../api/plan.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.plan.js';
import { errorText } from '../../logic/errors.js';
import { AdoptButton, PlanSection } from './PlanSection.js';

export interface PlanCounts { items: number; done: number; overdue: number }
export const countsOf = (plan: Plan): PlanCounts => ({
  items: plan.items.length,
  done: plan.items.filter((i) => i.status === 'done').length,
  overdue: plan.items.filter((i) => i.overdue).length,
});

export function EmbedPlan({ id, token, onUpdated }: { id: string; token: string; onUpdated: (counts: PlanCounts) => void }) {
  const [actions, setActions] = useState<ReportAction[] | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useMessage();
  useEffect(() => {
    Promise.all([api.report(id, token, locale.value), planApi.get(id, token, locale.value)]).then(([r, p]) => {
      setActions(r.actions);
      setPlan(p);
    }, (err) => setError(() => errorText(err)));
  }, [id, token, locale.value]);
  if (error) return <p role="alert" class="error">{error}</p>;
  if (!actions || !plan) return null;
  const change = (next: Plan) => {
    setPlan(next);
    onUpdated(countsOf(next));
  };
  return (
    <div class="embed-plan">
      {actions.length > 0 && (
        <ul class="embed-actions">
          {actions.map((a) => (
            <li key={a.question}>
              <span>{a.prompt}</span>
              <AdoptButton questionId={a.question} prompt={a.prompt} id={id} token={token} plan={plan} onChange={change} />
            </li>
          ))}
        </ul>
      )}
      <PlanSection id={id} token={token} plan={plan} onChange={change} />
      <p class="meta">{t('myPlan.count', { n: plan.items.length })}</p>
    </div>
  );
}
