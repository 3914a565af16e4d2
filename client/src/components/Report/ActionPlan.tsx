import type { ComponentChildren } from 'preact';
import type { ReportAction, ReportInstrument } from '../../api/client.js';
import { locale, t, type MessageKey } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { actionElementId, oneLine, topActions } from '../../logic/report-actions.js';

const priorityText = (p: number) => p.toLocaleString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 2 });

/** The report's instrument dictionary: actions name instruments by id. */
export type Instruments = Record<string, ReportInstrument>;

// An id the dictionary lacks (a report from an older server) is left out rather than shown bare.
const resolve = (ids: string[], dictionary: Instruments) => ids.flatMap((id) => (dictionary[id] ? [{ id, ...dictionary[id] }] : []));

function InstrumentList({ action, dictionary }: { action: ReportAction; dictionary: Instruments }) {
  const list = resolve(action.instruments, dictionary);
  if (list.length === 0) return null;
  return (
    <div class="action-instruments">
      <p><strong>{t('report.instruments')}:</strong></p>
      <ul>
        {list.map((i) => (
          <li key={i.id}>
            {i.url ? <a href={i.url} rel="noopener noreferrer" target="_blank">{i.name}</a> : <strong>{i.name}</strong>}
            {' — '}{oneLine(i.description)}
            {/* Paper has no links: the address is printed under the name. */}
            {i.url && <span class="print-url"> {i.url}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One action as the top of the report shows it: question, the answer behind it, the step, why, instruments. */
/** The token holder's "add to my plan" control for one action (client/src/components/ActionPlan). */
export type PlanControl = (action: ReportAction) => ComponentChildren;

function ActionItem({ action, names, instruments, planControl }: { action: ReportAction; names: Map<string, string>; instruments: Instruments; planControl?: PlanControl }) {
  return (
    <li class={`action action-${action.kind}`}>
      <h4>{action.prompt}</h4>
      <p class="action-answer"><strong>{t('plan.answer')}:</strong> {action.answer.join('; ')}</p>
      <p class="action-step"><strong>{t('report.knockoutAction')}:</strong> {action.text ?? t('plan.noStep')}</p>
      {action.why && <p class="action-why"><strong>{t('plan.why')}:</strong> {action.why}</p>}
      <p class="meta">{t('plan.values')}: {action.values.map((v) => names.get(v) ?? v).join(', ')}</p>
      <InstrumentList action={action} dictionary={instruments} />
      {planControl?.(action)}
    </li>
  );
}

/** The top of the report: what to do, in the action list's order (docs/scoring.md step 7). */
export function ActionPlan({ actions, names, instruments, planControl }: { actions: ReportAction[]; names: Map<string, string>; instruments: Instruments; planControl?: PlanControl }) {
  const top = topActions(actions);
  const groups: Array<{ key: string; heading: MessageKey; lead?: MessageKey; items: ReportAction[] }> = [
    { key: 'knockouts', heading: 'plan.knockouts', lead: 'report.knockoutsLead', items: top.knockouts },
    { key: 'unknown-risks', heading: 'plan.unknown', lead: 'plan.unknownLead', items: top.unknownRisks },
    { key: 'improvements', heading: 'plan.improve', items: top.improvements },
  ];
  return (
    <section class="action-plan" aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t('plan.heading')}</h2>
      {actions.length === 0 ? <p>{t('plan.none')}</p> : <p>{t('plan.lead')}</p>}
      {groups.filter((g) => g.items.length > 0).map((g) => (
        <div class={`action-group group-${g.key}`} key={g.key}>
          <h3>{g.key !== 'improvements' && <span aria-hidden="true">{g.key === 'knockouts' ? '✖ ' : '? '}</span>}{t(g.heading)}</h3>
          {g.lead && <p><strong>{t(g.lead)}</strong></p>}
          <ol>{g.items.map((a) => <ActionItem key={a.question} action={a} names={names} instruments={instruments} planControl={planControl} />)}</ol>
        </div>
      ))}
      {top.more > 0 && <p>{t('plan.more', { n: top.more })} <a href="#all-actions-heading">{t('plan.all')}</a>.</p>}
    </section>
  );
}

/** The full action list, further down: every point, compact, with an anchor per question. */
export function AllActions({ actions, instruments, planControl }: { actions: ReportAction[]; instruments: Instruments; planControl?: PlanControl }) {
  if (actions.length === 0) return null;
  // On paper the points already printed in full at the top are not repeated (styles.css).
  const top = topActions(actions);
  const onTop = new Set([...top.knockouts, ...top.unknownRisks, ...top.improvements].map((a) => a.question));
  return (
    <section class="all-actions" aria-labelledby="all-actions-heading">
      <h2 id="all-actions-heading" tabIndex={-1}>{t('plan.all')}</h2>
      <p class="meta">{t('plan.allLead')}</p>
      <ol>
        {actions.map((a) => (
          <li key={a.question} id={actionElementId(a.question)} class={`action-${a.kind}${onTop.has(a.question) ? ' on-top' : ''}`}>
            <p>
              <strong>{a.prompt}</strong>{' '}
              <span class={`kind kind-${a.kind}`}>{t(`plan.kind.${a.kind}` as MessageKey)}</span>
              {a.kind === 'improve' && <span class="meta"> · {t('plan.priority', { p: priorityText(a.priority ?? 0) })}</span>}
            </p>
            <p class="meta">{t('plan.answer')}: {a.answer.join('; ')}</p>
            <p>{a.text ?? t('plan.noStep')}</p>
            {resolve(a.instruments, instruments).length > 0 && (
              <p class="meta">
                {t('report.instruments')}:{' '}
                {resolve(a.instruments, instruments).map((i, n) => (
                  <span key={i.id}>
                    {n > 0 && ', '}{i.url ? <a href={i.url} rel="noopener noreferrer" target="_blank">{i.name}</a> : i.name}
                    {i.url && <span class="print-url"> ({i.url})</span>}
                  </span>
                ))}
              </p>
            )}
            {!onTop.has(a.question) && planControl?.(a)}
          </li>
        ))}
      </ol>
    </section>
  );
}
