// The draft as a respondent sees it (the respondent's own Question component), in Dutch or English,
// with a scoring sandbox: the answers given here are scored in the browser by core/scoring.ts, the
// same engine the server scores submissions with.
import { useMemo, useState } from 'preact/hooks';
import type { Answers, Locale, Questionnaire, ValueDefinition } from '../../../../core/types.js';
import { score, type ScoreResult } from '../../../../core/scoring.js';
import { visibleQuestionIds } from '../../../../core/visibility.js';
import { t, type MessageKey } from '../../i18n/i18n.js';
import '../../i18n/messages.editor.js';
import { pinLocale } from '../../logic/editor/tree.js';
import { Question } from '../Question/Question.js';

const pct = (n: number | null) => (n === null ? '–' : String(Math.round(n)));

function tryScore(doc: Questionnaire, answers: Answers, values: ValueDefinition[]): ScoreResult | null {
  try {
    return score(doc, answers, values);
  } catch {
    return null;
  }
}

export function Preview({ doc, values, faultCount }: { doc: Questionnaire; values: ValueDefinition[]; faultCount: number }) {
  const [lang, setLang] = useState<Locale>('nl');
  const [answers, setAnswers] = useState<Answers>({});
  const shown = useMemo(() => pinLocale(doc, lang), [doc, lang]);
  let visible = new Set<string>();
  try {
    visible = visibleQuestionIds(doc, answers);
  } catch { /* an unfinished condition: show every question */ }
  const result = faultCount === 0 ? tryScore(doc, answers, values) : null;
  const name = (id: string) => values.find((v) => v.id === id)?.name[lang] ?? id;
  const promptOf = (id: string) => shown.sections.flatMap((s) => s.questions).find((q) => q.id === id)?.prompt.nl ?? id;

  return (
    <section class="editor-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t('editor.preview')}</h2>
      <fieldset class="preview-lang">
        <legend>{t('editor.preview.language')}</legend>
        {(['nl', 'en'] as const).map((l) => (
          <label class="checkbox" key={l}><input type="radio" name="preview-lang" value={l} checked={lang === l} onChange={() => setLang(l)} /> {t(`editor.lang.${l}`)}</label>
        ))}
      </fieldset>
      <div class="preview-grid">
        <div class="preview-questions" lang={lang}>
          {shown.sections.map((section) => (
            <section key={section.id} class="preview-section">
              <h3>{section.title.nl}</h3>
              {section.questions.filter((q) => visible.size === 0 || visible.has(q.id)).map((q) => (
                <div class="question-wrap" key={q.id}>
                  <Question question={q} answer={answers[q.id]} sourceDocument={() => undefined}
                    onChange={(a) => setAnswers((prev) => {
                      const next = { ...prev };
                      if (a) next[q.id] = a;
                      else delete next[q.id];
                      return next;
                    })} />
                </div>
              ))}
            </section>
          ))}
        </div>
        <aside class="sandbox" aria-labelledby="sandbox-heading" aria-live="polite">
          <h3 id="sandbox-heading">{t('editor.sandbox')}</h3>
          {!result && <p>{t('editor.sandbox.faults')}</p>}
          {result && (
            <>
              <dl class="sandbox-figures">
                <dt>{t('editor.sandbox.profile')}</dt><dd data-testid="sandbox-profile">{t(`report.profile.${result.profile}` as MessageKey)}</dd>
                <dt>{t('editor.sandbox.goal')}</dt><dd>{pct(result.dimensions.goal.score)}</dd>
                <dt>{t('editor.sandbox.precondition')}</dt><dd>{pct(result.dimensions.precondition.score)}</dd>
                <dt>{t('editor.sandbox.completeness')}</dt><dd>{Math.round(result.completeness * 100)}%</dd>
              </dl>
              <table class="data-table">
                <caption>{t('editor.sandbox.values')}</caption>
                <thead><tr><th scope="col">{t('editor.value.value')}</th><th scope="col" class="num">{t('editor.sandbox.score')}</th><th scope="col">{t('editor.sandbox.status')}</th></tr></thead>
                <tbody>
                  {result.values.filter((v) => v.contributions.length > 0).map((v) => (
                    <tr key={v.id}><td>{name(v.id)}</td><td class="num">{pct(v.score)}</td><td>{t(`status.${v.status}` as MessageKey)}</td></tr>
                  ))}
                </tbody>
              </table>
              <h4>{t('editor.sandbox.actions')}</h4>
              {result.actions.length === 0 ? <p>{t('editor.sandbox.noActions')}</p> : (
                <ol class="sandbox-actions">
                  {result.actions.map((a) => (
                    <li key={a.question + (a.option ?? '')}>
                      <strong>{t(`editor.action.${a.kind}`)}</strong>: {promptOf(a.question)}
                      {a.advice && <> — {a.advice[lang]}</>}
                    </li>
                  ))}
                </ol>
              )}
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
