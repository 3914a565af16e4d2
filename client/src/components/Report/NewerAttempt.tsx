import { format, locale, tc } from '../../i18n/i18n.js';
import { recall } from '../../logic/tokens.js';

const T = {
  text: {
    nl: 'Dit is een eerdere poging. Op {date} is er een nieuwe poging gestart op basis van deze antwoorden{state}.',
    en: 'This is an earlier attempt. A new attempt based on these answers was started on {date}{state}.',
  },
  open: { nl: ' (nog niet ingediend)', en: ' (not yet submitted)' },
  link: { nl: 'Naar de nieuwe poging', en: 'Go to the new attempt' },
  elsewhere: {
    nl: 'Open die met de persoonlijke link van die poging.',
    en: 'Open it with that attempt’s personal link.',
  },
};

/**
 * On an earlier attempt's report: a newer attempt exists (D22). It links there when this device
 * holds that attempt's token; otherwise only its own link opens it.
 */
export function NewerAttempt({ newer }: { newer: { id: string; startedAt: string; status: string } }) {
  const date = new Date(newer.startedAt).toLocaleDateString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' });
  const known = recall(newer.id);
  const submitted = newer.status === 'submitted';
  return (
    <p class="notice newer-attempt no-print">
      {format(tc(T.text), { date, state: submitted ? '' : tc(T.open) })}{' '}
      {known ? <a href={submitted ? `/report/${newer.id}` : `/test/${newer.id}`}>{tc(T.link)}</a> : tc(T.elsewhere)}
    </p>
  );
}
