// Words of moving an open test to a newer questionnaire version (issue 17, part "serve"), nl and en.
import { registerMessages } from './i18n.js';

export const nl = {
  'serve.notice.heading': 'Er is een nieuwere versie van deze vragenlijst',
  'serve.notice.text': 'Je toets gebruikt versie {current}; versie {version} is beschikbaar. Je mag blijven werken met de versie die je nu hebt. Overstappen neemt je antwoorden mee waar de vraag nog bestaat.',
  'serve.notice.check': 'Bekijk wat er verandert',
  'serve.notice.checking': 'Bezig met nagaan…',
  'serve.preview.heading': 'Wat er verandert als je overstapt naar versie {version}',
  'serve.preview.dropped': 'Deze antwoorden vervallen (de vraag of de gekozen optie bestaat niet meer):',
  'serve.preview.changed': 'Deze antwoorden blijven, maar kijk ze na:',
  'serve.preview.nothing': 'Al je antwoorden gaan mee.',
  'serve.reason.question-removed': 'vraag vervallen',
  'serve.reason.type-changed': 'soort vraag gewijzigd',
  'serve.reason.options-removed': 'gekozen optie vervallen',
  'serve.reason.not-valid': 'past niet meer',
  'serve.reason.reworded': 'vraag anders verwoord',
  'serve.confirm': 'Overstappen naar versie {version}',
  'serve.cancel': 'Niet nu',
  'serve.moved': 'Je toets gebruikt nu versie {version}.',
};

export const en: Record<keyof typeof nl, string> = {
  'serve.notice.heading': 'A newer version of this questionnaire is available',
  'serve.notice.text': 'Your test uses version {current}; version {version} is available. You may keep working with the version you have. Moving takes your answers along where the question still exists.',
  'serve.notice.check': 'See what would change',
  'serve.notice.checking': 'Checking…',
  'serve.preview.heading': 'What changes if you move to version {version}',
  'serve.preview.dropped': 'These answers would be dropped (the question or the chosen option no longer exists):',
  'serve.preview.changed': 'These answers are kept, but check them:',
  'serve.preview.nothing': 'All your answers come along.',
  'serve.reason.question-removed': 'question removed',
  'serve.reason.type-changed': 'kind of question changed',
  'serve.reason.options-removed': 'chosen option removed',
  'serve.reason.not-valid': 'no longer fits',
  'serve.reason.reworded': 'question reworded',
  'serve.confirm': 'Move to version {version}',
  'serve.cancel': 'Not now',
  'serve.moved': 'Your test now uses version {version}.',
};

registerMessages(nl, en);
