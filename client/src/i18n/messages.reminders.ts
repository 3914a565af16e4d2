// Interface words of the reminders part: a startup's contact address (consent, withdrawal), the
// unsubscribe page and retrying a failed mail, nl and en.
import { registerMessages } from './i18n.js';

export const nl = {
  'contact.heading': 'Herinneringen en berichten per e-mail',
  'contact.lead': 'Laat desgewenst een e-mailadres achter. Dan sturen we je een herinnering voor de deadline van het programma en berichten over deze inzending, zoals een vraag om toelichting of het besluit.',
  'contact.email': 'E-mailadres',
  'contact.consent': 'Ik geef toestemming om dit e-mailadres te bewaren en te gebruiken voor herinneringen en berichten over deze inzending. Ik kan dit altijd intrekken, hier of met de link in elke mail.',
  'contact.showToProgramme': 'Laat mijn e-mailadres ook zien aan de medewerkers van het programma (los van de toestemming hierboven; standaard niet).',
  'contact.save': 'E-mailadres bewaren',
  'contact.saved': 'Bewaard. Je krijgt herinneringen en berichten op {email}.',
  'contact.current': 'Herinneringen en berichten gaan naar {email}.',
  'contact.shownToProgramme': 'Het programma ziet dit adres.',
  'contact.notShown': 'Het programma ziet dit adres niet.',
  'contact.forProgramme': 'Herinneringen voor: {programme}.',
  'contact.withdraw': 'Toestemming intrekken en adres verwijderen',
  'contact.withdrawn': 'Je e-mailadres is verwijderd. Je krijgt geen mail meer over deze inzending.',
  'contact.consentMissing': 'Vink de toestemming aan om je e-mailadres te bewaren.',
  'unsubscribe.heading': 'Geen mail meer',
  'unsubscribe.lead': 'Met deze link trek je je toestemming in: we verwijderen je e-mailadres en sturen je geen mail meer over je zelftoets.',
  'unsubscribe.confirm': 'Toestemming intrekken',
  'unsubscribe.done': 'Je e-mailadres is verwijderd. Je krijgt geen mail meer over je zelftoets.',
  'unsubscribe.noToken': 'Deze link is niet compleet. Open de link uit de mail opnieuw.',
  'mail.retry': 'Opnieuw versturen',
  'mail.retried': 'Staat weer klaar om te versturen.',
};

export const en: Record<keyof typeof nl, string> = {
  'contact.heading': 'Reminders and messages by e-mail',
  'contact.lead': 'If you like, leave an e-mail address. We then send you a reminder before the programme\'s deadline and messages about this submission, such as a request for clarification or the decision.',
  'contact.email': 'E-mail address',
  'contact.consent': 'I agree that this e-mail address is kept and used for reminders and messages about this submission. I can withdraw this at any time, here or with the link in every mail.',
  'contact.showToProgramme': 'Also show my e-mail address to the programme\'s staff (separate from the consent above; off unless you tick it).',
  'contact.save': 'Keep my e-mail address',
  'contact.saved': 'Saved. Reminders and messages go to {email}.',
  'contact.current': 'Reminders and messages go to {email}.',
  'contact.shownToProgramme': 'The programme sees this address.',
  'contact.notShown': 'The programme does not see this address.',
  'contact.forProgramme': 'Reminders for: {programme}.',
  'contact.withdraw': 'Withdraw consent and remove the address',
  'contact.withdrawn': 'Your e-mail address was removed. You will get no more mail about this submission.',
  'contact.consentMissing': 'Tick the consent to keep your e-mail address.',
  'unsubscribe.heading': 'No more mail',
  'unsubscribe.lead': 'With this link you withdraw your consent: we remove your e-mail address and send you no more mail about your self-assessment.',
  'unsubscribe.confirm': 'Withdraw consent',
  'unsubscribe.done': 'Your e-mail address was removed. You will get no more mail about your self-assessment.',
  'unsubscribe.noToken': 'This link is incomplete. Open the link from the mail again.',
  'mail.retry': 'Send again',
  'mail.retried': 'Waiting to be sent again.',
};

registerMessages(nl, en);
