// Interface words of the quick scan (issue 16, item 1), nl and en.
import { registerMessages } from './i18n.js';

export const nl = {
  'scan.start': 'Quickscan ({n} min)',
  'scan.startPlain': 'Quickscan (5 min)',
  'scan.heading': 'Quickscan: {title}',
  'scan.lead': 'Tien vragen over wat het zwaarst weegt, in hooguit vijf minuten. Je krijgt een indicatieve uitkomst; daarna kun je de volledige toets doen, met je antwoorden erin.',
  'scan.count': '{answered} van {total} vragen beantwoord',
  'scan.toResult': 'Bekijk de indicatieve uitkomst',
  'scan.skipToFull': 'Liever meteen de volledige toets',
  'scan.resultLabel': 'Indicatief',
  'scan.resultHeading': 'Indicatieve uitkomst van je quickscan',
  'scan.resultLead': 'Dit is een indicatie op basis van {answered} van de {total} vragen van de volledige toets. Het is geen rapport: maak de volledige toets voor een uitkomst waarop je kunt bouwen.',
  'scan.profile': 'Indicatief profiel',
  'scan.dimensions': 'Indicatieve scores',
  'scan.knockouts': 'Geschonden randvoorwaarden',
  'scan.unknownRisks': 'Niet uitgesloten risico\'s',
  'scan.none': 'Geen, op basis van deze vragen.',
  'scan.actions': 'Eerste acties (hooguit drie)',
  'scan.noActions': 'Deze vragen geven geen actie. De volledige toets kijkt breder.',
  'scan.continue': 'Verder met de volledige toets',
  'scan.continueNote': 'Je antwoorden gaan mee; je hoeft niets opnieuw in te vullen.',
  'scan.back': 'Terug naar de vragen',
};

export const en: Record<keyof typeof nl, string> = {
  'scan.start': 'Quick scan ({n} min)',
  'scan.startPlain': 'Quick scan (5 min)',
  'scan.heading': 'Quick scan: {title}',
  'scan.lead': 'About ten questions on what matters most, in at most five minutes. You get an indicative result; then you can take the full test, with your answers in it.',
  'scan.count': '{answered} of {total} questions answered',
  'scan.toResult': 'See the indicative result',
  'scan.skipToFull': 'Go straight to the full test instead',
  'scan.resultLabel': 'Indicative',
  'scan.resultHeading': 'Indicative result of your quick scan',
  'scan.resultLead': 'This is an indication based on {answered} of the {total} questions of the full test. It is not a report: take the full test for a result you can build on.',
  'scan.profile': 'Indicative profile',
  'scan.dimensions': 'Indicative scores',
  'scan.knockouts': 'Violated preconditions',
  'scan.unknownRisks': 'Risks not ruled out',
  'scan.none': 'None, going by these questions.',
  'scan.actions': 'First actions (at most three)',
  'scan.noActions': 'These questions give no action. The full test looks wider.',
  'scan.continue': 'Continue with the full test',
  'scan.continueNote': 'Your answers come along; you need not fill in anything again.',
  'scan.back': 'Back to the questions',
};

registerMessages(nl, en);
