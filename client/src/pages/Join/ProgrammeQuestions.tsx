// The programme's own unscored questions (issue 17), answered by a startup when it shares its test
// with the programme; the server checks them again (required, options, length).
import type { ProgrammeQuestion } from '../../api/intake.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.programme.js';

export function ProgrammeQuestions({ programme, questions, answers, onChange }: {
  programme: string; questions: ProgrammeQuestion[]; answers: Record<string, string>; onChange: (a: Record<string, string>) => void;
}) {
  const set = (id: string, value: string) => onChange({ ...answers, [id]: value });
  return (
    <fieldset class="programme-questions">
      <legend>{t('programme.answers.heading', { programme })}</legend>
      <p class="hint">{t('programme.answers.lead')}</p>
      {questions.map((q) => {
        const id = `pq-${q.id}`;
        const label = <label for={id}>{q.prompt[locale.value]}{!q.required && <> <span class="hint">{t('programme.answers.optional')}</span></>}</label>;
        return (
          <div key={q.id}>
            {label}
            {q.kind === 'choice' ? (
              <select id={id} required={q.required} value={answers[q.id] ?? ''} onChange={(e) => set(q.id, e.currentTarget.value)}>
                <option value="">{t('programme.answers.choose')}</option>
                {q.options!.map((o) => <option key={o.id} value={o.id}>{o.label[locale.value]}</option>)}
              </select>
            ) : (
              <input id={id} type="text" maxLength={500} required={q.required} value={answers[q.id] ?? ''} onInput={(e) => set(q.id, e.currentTarget.value)} />
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
