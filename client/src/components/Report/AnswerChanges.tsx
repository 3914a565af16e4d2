import type { AnswerChanges as Changes } from '../../api/client.js';
import { format, locale, tc } from '../../i18n/i18n.js';

// Texts live here, as with NextSteps, so the shared message catalogues stay untouched.
const T = {
  heading: { nl: 'Wat is er veranderd?', en: 'What changed?' },
  one: { nl: '1 antwoord anders dan bij je vorige poging van {date}', en: '1 answer different from your previous attempt of {date}' },
  count: {
    nl: '{n} antwoorden anders dan bij je vorige poging van {date}',
    en: '{n} answers different from your previous attempt of {date}',
  },
  none: { nl: 'Je antwoorden zijn gelijk aan die van je vorige poging van {date}.', en: 'Your answers are the same as in your previous attempt of {date}.' },
  before: { nl: 'Eerder', en: 'Before' },
  now: { nl: 'Nu', en: 'Now' },
  noAnswer: { nl: 'geen antwoord', en: 'no answer' },
  'new-question': { nl: 'nieuwe vraag in deze versie', en: 'new question in this version' },
  'removed-question': { nl: 'niet meer gevraagd in deze versie', en: 'no longer asked in this version' },
};

const dateOf = (iso: string) => new Date(iso).toLocaleDateString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' });

/**
 * The answers given differently than in the previous attempt, per section, old beside new. Closed by
 * default: the score changes above say how much moved; this says why, for whoever wants to look.
 */
export function AnswerChanges({ changes }: { changes: Changes }) {
  const date = dateOf(changes.against.submittedAt);
  if (changes.count === 0) {
    return (
      <section class="answer-changes" aria-labelledby="answer-changes-heading">
        <h3 id="answer-changes-heading">{tc(T.heading)}</h3>
        <p class="meta">{format(tc(T.none), { date })}</p>
      </section>
    );
  }
  return (
    <section class="answer-changes" aria-labelledby="answer-changes-heading">
      <h3 id="answer-changes-heading">{tc(T.heading)}</h3>
      <details>
        <summary>{format(tc(changes.count === 1 ? T.one : T.count), { n: changes.count, date })}</summary>
        {changes.sections.map((s) => (
          <div key={s.id} class="change-section">
            <h4>{s.title}</h4>
            <ul>
              {s.changes.map((c) => (
                <li key={c.question}>
                  <span class="change-prompt">{c.prompt}</span>
                  {(c.kind === 'new-question' || c.kind === 'removed-question') && <span class="meta"> ({tc(T[c.kind])})</span>}
                  <span class="change-pair">
                    {c.kind !== 'new-question' && <span class="was"><span class="change-label">{tc(T.before)}:</span> {c.before ?? tc(T.noAnswer)}</span>}
                    {c.kind !== 'removed-question' && <span class="now"><span class="change-label">{tc(T.now)}:</span> {c.after ?? tc(T.noAnswer)}</span>}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </details>
    </section>
  );
}
