// Interface words for the programme page's people and lifecycle actions (issue 14, staff walkthrough #10, #12, #23), nl and en.
import { registerMessages } from './i18n.js';

export const nl = {
  'progui.confirm.unarchive': 'Dit programma uit het archief halen? Het staat dan weer in de lijst en kan weer veranderen.',
  'progui.lifecycle': 'Archief',
  'progui.archiveHint': 'Een gearchiveerd programma verdwijnt uit de lijst en neemt geen instellingen, mensen of nieuwe inzendingen aan.',
  'progui.removeShort': 'Verwijderen',
  'progui.reinvited': 'Nieuwe uitnodiging voor {email} gemaild; de vorige link werkt niet meer.',
  'progui.reinvitedNotMailed': 'Nieuwe uitnodiging voor {email}: niet gemaild. Geef de link zelf door; de vorige link werkt niet meer.',
  'progui.pending': 'nog geen wachtwoord',
  'progui.nameOptional': 'Naam (voor een nieuw account)',
};

export const en: Record<keyof typeof nl, string> = {
  'progui.confirm.unarchive': 'Take this programme out of the archive? It is listed again and can change again.',
  'progui.lifecycle': 'Archive',
  'progui.archiveHint': 'An archived programme leaves the list and takes no settings, people or new submissions.',
  'progui.removeShort': 'Remove',
  'progui.reinvited': 'New invitation for {email} mailed; the earlier link no longer works.',
  'progui.reinvitedNotMailed': 'New invitation for {email}: not mailed. Pass the link on yourself; the earlier link no longer works.',
  'progui.pending': 'no password yet',
  'progui.nameOptional': 'Name (for a new account)',
};

registerMessages(nl, en);
