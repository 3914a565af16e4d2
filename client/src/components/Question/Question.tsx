import { useState } from 'preact/hooks';
import { toggleOption } from '../../../../core/answers.js';
import { claimsFullMarks } from '../../../../core/evidence.js';
import type { Answer, Question as QuestionDef } from '../../../../core/types.js';
import { locale, t, tc } from '../../i18n/i18n.js';
import { citation, type SourceDocumentInfo } from '../../logic/sources.js';

interface Props {
  question: QuestionDef;
  answer: Answer | undefined;
  onChange: (answer: Answer | null) => void;
  sourceDocument: (document: string) => SourceDocumentInfo | undefined;
}

const NA = '__not-applicable';

/** Keeps the note when the main answer changes; drops the answer entirely when nothing is left. */
function withNote(main: Omit<Answer, 'note'> | null, note: string | undefined): Answer | null {
  const next: Answer = { ...(main ?? {}) };
  if (note) next.note = note;
  return Object.keys(next).length ? next : null;
}

export function Question({ question, answer, onChange, sourceDocument }: Props) {
  const id = `q-${question.id}`;
  const helpId = `${id}-help`;
  const note = answer?.note;
  const na = answer?.notApplicable === true;
  // A full-score answer is a claim: the note asks where it shows (core/evidence.ts), and opens when the
  // answer is chosen here, not for every such answer on coming back, which would fill the page.
  const evidence = claimsFullMarks(question, answer);
  const [asked, setAsked] = useState(false);

  const choose = (main: Omit<Answer, 'note'> | null) => {
    const next = withNote(main, note);
    if (next && claimsFullMarks(question, next)) setAsked(true);
    onChange(next);
  };

  let control;
  if (question.type === 'text') {
    control = (
      <>
        <textarea
          id={`${id}-text`}
          class="text-answer"
          rows={4}
          maxLength={10000}
          aria-labelledby={`${id}-legend`}
          aria-describedby={question.help ? helpId : undefined}
          value={answer?.text ?? ''}
          disabled={na}
          onInput={(e) => {
            const value = (e.currentTarget as HTMLTextAreaElement).value;
            choose(value ? { text: value } : null);
          }}
        />
        {question.allowNotApplicable && (
          <label class="choice">
            <input type="checkbox" checked={na} onChange={(e) => choose((e.currentTarget as HTMLInputElement).checked ? { notApplicable: true } : null)} />
            <span>{t('test.notApplicable')}</span>
          </label>
        )}
      </>
    );
  } else if (question.type === 'multi') {
    const chosen = new Set(answer?.options ?? []);
    control = (
      <div class="choices">
        {question.options!.map((o) => (
          <label class="choice" key={o.id}>
            <input
              type="checkbox"
              name={id}
              value={o.id}
              checked={chosen.has(o.id)}
              disabled={na}
              onChange={(e) => {
                const ordered = toggleOption(question, [...chosen], o.id, (e.currentTarget as HTMLInputElement).checked);
                choose(ordered.length ? { options: ordered } : null);
              }}
            />
            <span>{tc(o.label)}</span>
          </label>
        ))}
        {question.allowNotApplicable && (
          <label class="choice choice-na">
            <input type="checkbox" checked={na} onChange={(e) => choose((e.currentTarget as HTMLInputElement).checked ? { notApplicable: true } : null)} />
            <span>{t('test.notApplicable')}</span>
          </label>
        )}
      </div>
    );
  } else {
    const current = na ? NA : answer?.option;
    const options = [...question.options!.map((o) => ({ id: o.id, label: tc(o.label) }))];
    if (question.allowNotApplicable) options.push({ id: NA, label: t('test.notApplicable') });
    control = (
      <div class={question.type === 'scale' ? 'choices scale' : 'choices'}>
        {options.map((o) => (
          <label class={o.id === NA ? 'choice choice-na' : 'choice'} key={o.id}>
            <input
              type="radio"
              name={id}
              value={o.id}
              checked={current === o.id}
              onChange={() => choose(o.id === NA ? { notApplicable: true } : { option: o.id })}
            />
            <span>{o.label}</span>
          </label>
        ))}
        {current !== undefined && (
          <button type="button" class="link-button" onClick={(e) => {
            // The button goes with the answer: keep the reader in the question, on its first choice.
            (e.currentTarget.parentElement?.querySelector('input[type=radio]') as HTMLInputElement | null)?.focus();
            choose(null);
          }}>
            {t('test.clear')}
          </button>
        )}
      </div>
    );
  }

  return (
    <fieldset class="question" id={id} aria-describedby={[question.help ? helpId : '', evidence ? `${id}-evidence` : ''].filter(Boolean).join(' ') || undefined}>
      <legend id={`${id}-legend`}>
        <span class="prompt">{tc(question.prompt)}</span>{' '}
        <span class={question.required ? 'badge required' : 'badge'}>({question.required ? t('test.required') : t('test.optional')})</span>
      </legend>
      {question.help && <p class="help" id={helpId}>{tc(question.help)}</p>}
      {control}
      <details class="note" open={Boolean(note) || (evidence && asked)}>
        <summary>{t('test.note')}</summary>
        <label class="visually-hidden" for={`${id}-note`}>{t('test.note')}</label>
        {evidence && <p class="evidence-hint" id={`${id}-evidence`}>{t('test.evidenceHint')}</p>}
        <p class="meta note-who" id={`${id}-note-who`}>{t('test.noteWho')} <a href="/privacy">{t('privacy.more')}</a></p>
        <textarea
          id={`${id}-note`}
          aria-describedby={evidence ? `${id}-evidence ${id}-note-who` : `${id}-note-who`}
          rows={2}
          maxLength={4000}
          value={note ?? ''}
          onInput={(e) => {
            const value = (e.currentTarget as HTMLTextAreaElement).value;
            const { note: _old, ...main } = answer ?? {};
            onChange(withNote(Object.keys(main).length ? main : null, value || undefined));
          }}
        />
      </details>
      {question.sources && question.sources.length > 0 && (
        <details class="sources">
          <summary>{t('test.sources')}</summary>
          <ul>
            {question.sources.map((s, i) => {
              const c = citation(s, sourceDocument(s.document), locale.value);
              const name = [c.title, c.where].filter(Boolean).join(', ');
              return (
                <li key={i}>
                  {c.url ? <a href={c.url} rel="noopener noreferrer" target="_blank">{name}</a> : name}
                  {name && ': '}{c.topic}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </fieldset>
  );
}
