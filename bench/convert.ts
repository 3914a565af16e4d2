// Our questionnaire format → SurveyJS JSON, so both libraries show the same questions, options,
// help texts, conditions and both languages.
import type { Localized, Question, Questionnaire } from '../core/types.js';

const text = (l: Localized | undefined) => (l ? { default: l.nl, en: l.en } : undefined);

function surveyQuestion(q: Question): Record<string, unknown> {
  const common = {
    name: q.id,
    title: text(q.prompt),
    description: text(q.help),
    isRequired: q.required ?? false,
    ...(q.visibleIf ? { visibleIf: `{${q.visibleIf.question}} anyof [${q.visibleIf.anyOf.map((o) => `'${o}'`).join(', ')}]` } : {}),
  };
  const choices = (q.options ?? []).map((o) => ({ value: o.id, text: text(o.label) }));
  const notApplicable = q.allowNotApplicable ? { showNoneItem: true, noneText: { default: 'Niet van toepassing', en: 'Not applicable' } } : {};
  switch (q.type) {
    case 'multi':
      return { type: 'checkbox', ...common, choices, ...notApplicable };
    case 'text':
      return { type: 'comment', ...common, maxLength: 10000 };
    default:
      return { type: 'radiogroup', ...common, choices, ...notApplicable };
  }
}

export function toSurveyJs(q: Questionnaire): Record<string, unknown> {
  return {
    title: text(q.title),
    description: text(q.intro),
    showQuestionNumbers: 'off',
    pages: q.sections.map((s) => ({ name: s.id, title: text(s.title), description: text(s.intro), elements: s.questions.map(surveyQuestion) })),
  };
}
