// Interface words of the staff PDF's additions: its cover details, the reviews and the decision.
import { registerMessages } from './i18n.js';

export const nl = {
  'exports.cover.programme': 'Programma',
  'exports.cover.area': 'Gebied',
  'exports.cover.attempt': 'Poging',
  'exports.cover.attemptOf': 'poging {n} van {of}',
  'exports.cover.shared': 'Gedeeld op',
  'exports.reviews.heading': 'Beoordelingen',
  'exports.reviews.none': 'Er zijn geen ingediende beoordelingen die je mag zien.',
  'exports.reviews.submitted': 'Ingediend op {date}',
  'exports.reviews.judgement': 'Eindoordeel',
  'exports.reviews.comment': 'Toelichting',
  'exports.reviews.value': 'Waarde',
  'exports.reviews.score': 'Score',
  'exports.reviews.noScores': 'Geen scores per waarde gegeven.',
  'exports.decision.heading': 'Besluit',
  'exports.decision.none': 'Er is nog geen besluit vastgelegd.',
};

export const en: Record<keyof typeof nl, string> = {
  'exports.cover.programme': 'Programme',
  'exports.cover.area': 'Area',
  'exports.cover.attempt': 'Attempt',
  'exports.cover.attemptOf': 'attempt {n} of {of}',
  'exports.cover.shared': 'Shared on',
  'exports.reviews.heading': 'Reviews',
  'exports.reviews.none': 'There are no submitted reviews you may see.',
  'exports.reviews.submitted': 'Submitted on {date}',
  'exports.reviews.judgement': 'Overall judgement',
  'exports.reviews.comment': 'Comment',
  'exports.reviews.value': 'Value',
  'exports.reviews.score': 'Score',
  'exports.reviews.noScores': 'No scores per value given.',
  'exports.decision.heading': 'Decision',
  'exports.decision.none': 'No decision has been recorded yet.',
};

registerMessages(nl, en);
