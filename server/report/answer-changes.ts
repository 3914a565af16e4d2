// What a founder answered differently since the previous attempt, per section, with the old and new
// answer in the reader's words. Attempts may follow different questionnaire versions: a question is
// matched by id, wherever it sits now; one only in the newer version counts when it is answered, one
// the newer version dropped is listed under its old section. Only answers that counted (the question
// was shown) are compared, so an intake change that hides a question shows as that answer cleared.
// Notes are not answers and are left out.
import { text } from '../../core/localize.js';
import type { Answer, Answers, Locale, Questionnaire } from '../../core/types.js';
import { visibleQuestionIds } from '../../core/visibility.js';

export type ChangeKind = 'changed' | 'answered' | 'cleared' | 'new-question' | 'removed-question';

export interface AnswerChange {
  question: string;
  prompt: string;
  kind: ChangeKind;
  /** The answer as the reader sees it; null when there was none. */
  before: string | null;
  after: string | null;
}

export interface AnswerChanges {
  /** The attempt compared with: the latest earlier one this reader may see. */
  against: { id: string; submittedAt: string };
  count: number;
  sections: Array<{ id: string; title: string; changes: AnswerChange[] }>;
}

interface Attempt {
  questionnaire: Questionnaire;
  answers: Answers;
}

const NOT_APPLICABLE: Record<Locale, string> = { nl: 'niet van toepassing', en: 'not applicable' };

/** An answer reduced to what it means, so the order of ticked boxes or stray spaces is no change. */
function canonical(a: Answer | undefined): string | null {
  if (!a) return null;
  if (a.notApplicable) return 'n/a';
  if (a.text !== undefined) return a.text.trim() ? `t:${a.text.trim()}` : null;
  if (a.options) return a.options.length ? `o:${[...a.options].sort().join('\u0000')}` : null;
  return a.option !== undefined ? `o:${a.option}` : null;
}

function shown(q: Questionnaire, a: Answer | undefined, locale: Locale, questionId: string): string | null {
  if (canonical(a) === null) return null;
  if (a!.notApplicable) return NOT_APPLICABLE[locale];
  if (a!.text !== undefined) return a!.text.trim();
  const options = q.sections.flatMap((s) => s.questions).find((x) => x.id === questionId)?.options ?? [];
  // Labels in the questionnaire's own order, as the form shows them; an unknown id as itself.
  const ids = a!.options ?? [a!.option!];
  const known = options.filter((o) => ids.includes(o.id)).map((o) => text(o.label, locale));
  return [...known, ...ids.filter((id) => !options.some((o) => o.id === id))].join('; ');
}

/** The answers counted in an attempt: the visible questions' only. */
function counted(attempt: Attempt): Answers {
  const visible = visibleQuestionIds(attempt.questionnaire, attempt.answers);
  return Object.fromEntries(Object.entries(attempt.answers).filter(([id]) => visible.has(id)));
}

export function answerChanges(previous: Attempt & { id: string; submittedAt: string }, current: Attempt, locale: Locale): AnswerChanges {
  const before = counted(previous);
  const after = counted(current);
  const inPrevious = new Map(previous.questionnaire.sections.flatMap((s) => s.questions.map((q) => [q.id, { section: s, question: q }] as const)));
  const inCurrent = new Set(current.questionnaire.sections.flatMap((s) => s.questions.map((q) => q.id)));
  const sections: AnswerChanges['sections'] = [];
  const sectionFor = (id: string, title: string) => {
    let s = sections.find((x) => x.id === id);
    if (!s) sections.push((s = { id, title, changes: [] }));
    return s;
  };

  for (const section of current.questionnaire.sections) {
    for (const q of section.questions) {
      const was = inPrevious.has(q.id) ? canonical(before[q.id]) : null;
      const now = canonical(after[q.id]);
      if (was === now) continue;
      const kind: ChangeKind = !inPrevious.has(q.id) ? 'new-question' : was === null ? 'answered' : now === null ? 'cleared' : 'changed';
      sectionFor(section.id, text(section.title, locale)).changes.push({
        question: q.id,
        prompt: text(q.prompt, locale),
        kind,
        before: kind === 'new-question' ? null : shown(previous.questionnaire, before[q.id], locale, q.id),
        after: shown(current.questionnaire, after[q.id], locale, q.id),
      });
    }
  }
  // Questions the newer version no longer asks, under the section they were in.
  for (const [id, { section, question }] of inPrevious) {
    if (inCurrent.has(id) || canonical(before[id]) === null) continue;
    const title = current.questionnaire.sections.find((s) => s.id === section.id)?.title ?? section.title;
    sectionFor(section.id, text(title, locale)).changes.push({
      question: id, prompt: text(question.prompt, locale), kind: 'removed-question', before: shown(previous.questionnaire, before[id], locale, id), after: null,
    });
  }
  return {
    against: { id: previous.id, submittedAt: previous.submittedAt },
    count: sections.reduce((n, s) => n + s.changes.length, 0),
    sections,
  };
}
