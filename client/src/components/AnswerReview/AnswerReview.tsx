import { claimsWithoutEvidence } from '../../../../core/evidence.js';
import type { Answers, Questionnaire } from '../../../../core/types.js';
import { t, tc } from '../../i18n/i18n.js';

const T = {
  summary: { nl: 'Je antwoorden nalopen ({n} beantwoord)', en: 'Review your answers ({n} answered)' },
  change: { nl: 'Wijzigen', en: 'Change' },
  changeLabel: { nl: 'Wijzig je antwoord op: {prompt}', en: 'Change your answer to: {prompt}' },
  none: { nl: 'Nog niets beantwoord.', en: 'Nothing answered yet.' },
  // Review item 15: full-score answers are claims; a note saying where they show makes them checkable.
  evidenceOne: {
    nl: '1 antwoord geeft de volle score zonder dat je noteerde waar dat blijkt. Een link of documentnaam maakt je rapport controleerbaar; het verandert geen score.',
    en: '1 answer earns the full score without a note saying where this can be checked. A link or document name makes your report verifiable; it changes no score.',
  },
  evidenceMany: {
    nl: '{n} antwoorden geven de volle score zonder dat je noteerde waar dat blijkt. Een link of documentnaam bij elk ervan maakt je rapport controleerbaar; het verandert geen score.',
    en: '{n} answers earn the full score without a note saying where this can be checked. A link or document name for each makes your report verifiable; it changes no score.',
  },
  noEvidence: { nl: 'volle score, geen bewijs genoteerd', en: 'full score, no evidence noted' },
};

/**
 * Every answer given so far, per part, with a link back to the question: a last look before
 * submitting. Only questions that are shown count, as in the report.
 */
export function AnswerReview({ id, questionnaire, answers, visible }: { id: string; questionnaire: Questionnaire; answers: Answers; visible: Set<string> }) {
  const shown = (qid: string) => {
    const a = answers[qid];
    if (!a) return null;
    if (a.notApplicable) return t('test.notApplicable');
    if (a.text !== undefined) return a.text.trim() || null;
    const ids = a.options ?? (a.option !== undefined ? [a.option] : []);
    const q = questionnaire.sections.flatMap((s) => s.questions).find((x) => x.id === qid);
    const labels = (q?.options ?? []).filter((o) => ids.includes(o.id)).map((o) => tc(o.label));
    return labels.length ? labels.join('; ') : null;
  };
  const parts = questionnaire.sections
    .map((s) => ({ section: s, rows: s.questions.filter((q) => visible.has(q.id)).map((q) => ({ q, answer: shown(q.id) })).filter((r) => r.answer !== null) }))
    .filter((p) => p.rows.length > 0);
  const count = parts.reduce((n, p) => n + p.rows.length, 0);
  const unbacked = new Set(claimsWithoutEvidence(questionnaire, answers, visible));
  return (
    <>
      {unbacked.size > 0 && <p class="notice evidence-summary">{unbacked.size === 1 ? tc(T.evidenceOne) : tc(T.evidenceMany).replace('{n}', String(unbacked.size))}</p>}
      <details class="answer-review">
        <summary>{tc(T.summary).replace('{n}', String(count))}</summary>
        {count === 0 && <p>{tc(T.none)}</p>}
        {parts.map(({ section, rows }) => (
          <div key={section.id}>
            <h3>{tc(section.title)}</h3>
            <dl>
              {rows.map(({ q, answer }) => (
                <div key={q.id}>
                  <dt>{tc(q.prompt)}</dt>
                  <dd>
                    {answer}{' '}
                    {unbacked.has(q.id) && <span class="evidence-missing">({tc(T.noEvidence)}){' '}</span>}
                    <a href={`/test/${id}?section=${section.id}&focus=${q.id}`} aria-label={tc(T.changeLabel).replace('{prompt}', tc(q.prompt))}>{tc(T.change)}</a>
                  </dd>
                </div>
              ))}
            </dl>
          </div>
        ))}
      </details>
    </>
  );
}
