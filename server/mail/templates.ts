// The mails the app writes, in Dutch and English. A template gives paragraphs of plain text and at
// most one link; the HTML part is built from the same text, every piece escaped, so nothing a person
// typed (a name, a programme) can become markup in someone's mail reader.
export type MailLocale = 'nl' | 'en';

export interface TemplateData {
  invitation: { name: string; invitedBy: string; setPasswordPath: string; expiresAt: string };
  'password-reset': { setPasswordPath: string; expiresAt: string };
  'deadline-reminder-startup': { programme: string; deadline: string; daysBefore: number; joinPath: string; unsubscribePath: string };
  'deadline-reminder-assessor': { programme: string; deadline: string; daysBefore: number; open: number; programmePath: string };
}
export type TemplateId = keyof TemplateData;
export const TEMPLATE_IDS = ['invitation', 'password-reset', 'deadline-reminder-startup', 'deadline-reminder-assessor'] as const satisfies readonly TemplateId[];

interface Draft {
  subject: string;
  paragraphs: string[];
  /** A path on this app (the link is PUBLIC_URL + path); its label in the HTML part. */
  link?: { path: string; label: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Thrown when a mail needs a link and PUBLIC_URL is not set: no link is better than a guessed one. */
export class NeedsPublicUrl extends Error {
  constructor() {
    super('not sent: the mail needs a link and PUBLIC_URL is not set');
  }
}

const when = (iso: string, locale: MailLocale) =>
  new Date(iso).toLocaleString(locale === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });

const TEMPLATES: { [K in TemplateId]: Record<MailLocale, (d: TemplateData[K]) => Draft> } = {
  invitation: {
    nl: (d) => ({
      subject: 'Uitnodiging voor de Publieke Waarden Zelftoets',
      paragraphs: [
        d.name ? `Beste ${d.name},` : 'Hallo,',
        `${d.invitedBy} heeft een account voor u aangemaakt in de Publieke Waarden Zelftoets. Kies met de link hieronder een wachtwoord; daarna kunt u inloggen.`,
        `De link werkt één keer en tot ${when(d.expiresAt, 'nl')}. Verwachtte u deze uitnodiging niet, dan kunt u deze mail negeren.`,
      ],
      link: { path: d.setPasswordPath, label: 'Wachtwoord kiezen' },
    }),
    en: (d) => ({
      subject: 'Invitation to the Public Values Self-Assessment',
      paragraphs: [
        d.name ? `Dear ${d.name},` : 'Hello,',
        `${d.invitedBy} created an account for you in the Public Values Self-Assessment. Choose a password with the link below; then you can sign in.`,
        `The link works once and until ${when(d.expiresAt, 'en')}. If you did not expect this invitation, you can ignore this mail.`,
      ],
      link: { path: d.setPasswordPath, label: 'Choose a password' },
    }),
  },
  'password-reset': {
    nl: (d) => ({
      subject: 'Nieuw wachtwoord kiezen',
      paragraphs: [
        'Iemand heeft gevraagd om een nieuw wachtwoord voor uw account in de Publieke Waarden Zelftoets. Kies met de link hieronder een nieuw wachtwoord.',
        `De link werkt één keer en tot ${when(d.expiresAt, 'nl')}. Heeft u dit niet gevraagd, dan kunt u deze mail negeren: uw wachtwoord blijft hetzelfde.`,
      ],
      link: { path: d.setPasswordPath, label: 'Nieuw wachtwoord kiezen' },
    }),
    en: (d) => ({
      subject: 'Choose a new password',
      paragraphs: [
        'Someone asked for a new password for your account in the Public Values Self-Assessment. Choose a new password with the link below.',
        `The link works once and until ${when(d.expiresAt, 'en')}. If you did not ask for this, you can ignore this mail: your password stays the same.`,
      ],
      link: { path: d.setPasswordPath, label: 'Choose a new password' },
    }),
  },
  // To a startup that left an address and started a test for the programme but has not shared one.
  'deadline-reminder-startup': {
    nl: (d) => ({
      subject: `Nog ${days(d.daysBefore, 'nl')} om uw zelftoets te delen met ${d.programme}`,
      paragraphs: [
        'Hallo,',
        `U bent een Publieke Waarden Zelftoets begonnen voor ${d.programme}, maar heeft nog geen ingediende toets met dit programma gedeeld. De deadline is ${when(d.deadline, 'nl')}.`,
        'Maak de toets af en deel hem via de link hieronder, op het apparaat waarop u hem begon. Heeft u hem al gedeeld, dan kunt u deze mail negeren.',
      ],
      link: { path: d.joinPath, label: `Naar ${d.programme}` },
    }),
    en: (d) => ({
      subject: `${days(d.daysBefore, 'en')} left to share your self-assessment with ${d.programme}`,
      paragraphs: [
        'Hello,',
        `You started a Public Values Self-Assessment for ${d.programme} but have not shared a submitted test with this programme yet. The deadline is ${when(d.deadline, 'en')}.`,
        'Finish the test and share it through the link below, on the device you started it on. If you already shared it, you can ignore this mail.',
      ],
      link: { path: d.joinPath, label: `Go to ${d.programme}` },
    }),
  },
  // To an assessor of the programme with review work left; names no startup, only how many.
  'deadline-reminder-assessor': {
    nl: (d) => ({
      subject: `Nog ${days(d.daysBefore, 'nl')} tot de deadline van ${d.programme}`,
      paragraphs: [
        `De deadline van ${d.programme} is ${when(d.deadline, 'nl')}. ${d.open === 1 ? 'Eén inzending wacht' : `${d.open} inzendingen wachten`} nog op uw ingediende beoordeling.`,
      ],
      link: { path: d.programmePath, label: 'Naar de inzendingen' },
    }),
    en: (d) => ({
      subject: `${days(d.daysBefore, 'en')} until the deadline of ${d.programme}`,
      paragraphs: [
        `The deadline of ${d.programme} is ${when(d.deadline, 'en')}. ${d.open === 1 ? 'One submission still awaits' : `${d.open} submissions still await`} your submitted review.`,
      ],
      link: { path: d.programmePath, label: 'Go to the submissions' },
    }),
  },
};

function days(n: number, locale: MailLocale): string {
  if (locale === 'nl') return n === 1 ? '1 dag' : `${n} dagen`;
  return n === 1 ? '1 day' : `${n} days`;
}

/** Every mail to a startup ends with a way out: data with an unsubscribePath gets this line and link. */
const UNSUBSCRIBE: Record<MailLocale, string> = {
  nl: 'U krijgt deze mail omdat u uw adres achterliet bij uw zelftoets. Geen mail meer? Trek uw toestemming in:',
  en: 'You get this mail because you left your address with your self-assessment. No more mail? Withdraw your consent:',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function render<K extends TemplateId>(template: K, locale: MailLocale, data: TemplateData[K], publicUrl: string | null): RenderedMail {
  const draft = TEMPLATES[template][locale](data);
  let url: string | null = null;
  if (draft.link) {
    if (!publicUrl) throw new NeedsPublicUrl();
    url = publicUrl + draft.link.path;
  }
  const unsubscribePath = (data as { unsubscribePath?: unknown }).unsubscribePath;
  let out: string | null = null;
  if (typeof unsubscribePath === 'string') {
    if (!publicUrl) throw new NeedsPublicUrl();
    out = publicUrl + unsubscribePath;
  }
  const text = [...draft.paragraphs, ...(url ? [url] : []), ...(out ? [`-- \n${UNSUBSCRIBE[locale]}\n${out}`] : [])].join('\n\n') + '\n';
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;line-height:1.5">`
    + draft.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')
    + (url && draft.link ? `<p><a href="${escapeHtml(url)}">${escapeHtml(draft.link.label)}</a></p><p style="color:#555">${escapeHtml(url)}</p>` : '')
    + (out ? `<p style="color:#555;font-size:small">${escapeHtml(UNSUBSCRIBE[locale])} <a href="${escapeHtml(out)}">${escapeHtml(out)}</a></p>` : '')
    + '</body></html>';
  return { subject: draft.subject, text, html };
}

/**
 * The stored copy of a sent mail without the secrets its links carry: every secret this app puts in
 * a link is in the fragment (after #), so a copy of the database holds no usable link once sent.
 */
export const redactLinks = (s: string) => s.replace(/#[A-Za-z0-9_-]{16,}/g, '#…');
