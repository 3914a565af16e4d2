// The mails the app writes, in Dutch and English. A template gives paragraphs of plain text and at
// most one link; the HTML part is built from the same text, every piece escaped, so nothing a person
// typed (a name, a programme) can become markup in someone's mail reader.
export type MailLocale = 'nl' | 'en';

export interface TemplateData {
  invitation: { name: string; invitedBy: string; setPasswordPath: string; expiresAt: string };
  'password-reset': { setPasswordPath: string; expiresAt: string };
  /** To a startup that left an address (server/clarify/notify.ts); ends with its unsubscribe link. */
  'clarification-request': { programme: string; question: string; resumePath: string; unsubscribePath?: string };
  /** To the assessor who asked; names the programme and, for its own staff, the startup's shared name. */
  'clarification-answered': { programme: string; startup: string; question: string; submissionPath: string; corrected: boolean };
  /** passwordSet: false for an assessor invited who has not set a password yet, and so cannot sign in (a mail queued before it was there lacks it: read as set). */
  assignment: { programme: string; count: number; tasksPath: string; passwordSet: boolean };
  decision: { programme: string; outcome: 'fund' | 'fund_with_conditions' | 'decline'; rationale: string; reportPath: string; unsubscribePath?: string };
  'decision-notice': { programme: string; startup: string; outcome: 'fund' | 'fund_with_conditions' | 'decline'; decidedBy: string; changed: boolean; decisionPath: string };
  /** daysBefore: whole days left until the deadline (jobs/reminders.ts daysLeft), not the reminder's stage. */
  'deadline-reminder-startup': { programme: string; deadline: string; daysBefore: number; joinPath: string; unsubscribePath: string };
  'deadline-reminder-assessor': { programme: string; deadline: string; daysBefore: number; open: number; programmePath: string };
}
export type TemplateId = keyof TemplateData;
export const TEMPLATE_IDS = ['invitation', 'password-reset', 'clarification-request', 'clarification-answered', 'assignment', 'decision', 'decision-notice', 'deadline-reminder-startup', 'deadline-reminder-assessor'] as const satisfies readonly TemplateId[];

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

const OUTCOME_WORDS: Record<MailLocale, Record<TemplateData['decision']['outcome'], string>> = {
  nl: { fund: 'toegekend', fund_with_conditions: 'toegekend onder voorwaarden', decline: 'afgewezen' },
  en: { fund: 'funded', fund_with_conditions: 'funded with conditions', decline: 'declined' },
};

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
  'clarification-request': {
    nl: (d) => ({
      subject: `Vraag van ${d.programme} over je zelftoets`,
      paragraphs: [
        `${d.programme} vraagt om een toelichting of onderbouwing bij je antwoord op de vraag "${d.question}".`,
        'Open je test met de link hieronder; het verzoek staat bovenaan. Je kunt antwoorden met tekst, links of een bestand, en je antwoord zo nodig verbeteren.',
      ],
      link: { path: d.resumePath, label: 'Verzoek bekijken' },
    }),
    en: (d) => ({
      subject: `A question from ${d.programme} about your self-assessment`,
      paragraphs: [
        `${d.programme} asks for clarification or evidence for your answer to the question "${d.question}".`,
        'Open your test with the link below; the request is at the top. You can answer with text, links or a file, and correct your answer if needed.',
      ],
      link: { path: d.resumePath, label: 'See the request' },
    }),
  },
  'clarification-answered': {
    nl: (d) => ({
      subject: `${d.programme}: antwoord op uw verzoek`,
      paragraphs: [
        `${d.startup} heeft in ${d.programme} geantwoord op uw verzoek bij de vraag "${d.question}".`,
        ...(d.corrected ? ['Het antwoord op de vraag is daarbij verbeterd; de scores zijn opnieuw berekend.'] : []),
      ],
      link: { path: d.submissionPath, label: 'Inzending bekijken' },
    }),
    en: (d) => ({
      subject: `${d.programme}: your request was answered`,
      paragraphs: [
        `${d.startup} answered your request on the question "${d.question}" in ${d.programme}.`,
        ...(d.corrected ? ['The answer to the question was corrected with it; the scores were computed again.'] : []),
      ],
      link: { path: d.submissionPath, label: 'Open the submission' },
    }),
  },
  // To an assessor; names the programme, never a startup (the to-do list behind the sign-in does).
  assignment: {
    nl: (d) => ({
      subject: `Nieuwe beoordelingen voor ${d.programme}`,
      paragraphs: [
        d.count === 1
          ? `Er is 1 inzending van ${d.programme} aan u toegewezen om te beoordelen.`
          : `Er zijn ${d.count} inzendingen van ${d.programme} aan u toegewezen om te beoordelen.`,
        'U vindt ze onder "Mijn taken" nadat u bent ingelogd.',
        ...(d.passwordSet !== false ? [] : ['U heeft nog geen wachtwoord ingesteld. Gebruik eerst de link in uw uitnodiging, of vraag op de inlogpagina een nieuwe aan met "Wachtwoord vergeten?".']),
      ],
      link: { path: d.tasksPath, label: 'Mijn taken' },
    }),
    en: (d) => ({
      subject: `New reviews for ${d.programme}`,
      paragraphs: [
        d.count === 1
          ? `1 submission of ${d.programme} was assigned to you to review.`
          : `${d.count} submissions of ${d.programme} were assigned to you to review.`,
        'You find them under "My tasks" after signing in.',
        ...(d.passwordSet !== false ? [] : ['You have not set a password yet. First use the link in your invitation, or ask for a new one on the sign-in page with "Forgot your password?".']),
      ],
      link: { path: d.tasksPath, label: 'My tasks' },
    }),
  },
  // To the startup: the decision and its rationale only, never who reviewed or how they scored.
  decision: {
    nl: (d) => ({
      subject: `Besluit van ${d.programme}`,
      paragraphs: [`${d.programme} heeft een besluit genomen over uw inzending: ${OUTCOME_WORDS.nl[d.outcome]}.`, `Toelichting: ${d.rationale}`],
      link: { path: d.reportPath, label: 'Naar uw rapport' },
    }),
    en: (d) => ({
      subject: `Decision of ${d.programme}`,
      paragraphs: [`${d.programme} has decided on your submission: ${OUTCOME_WORDS.en[d.outcome]}.`, `Rationale: ${d.rationale}`],
      link: { path: d.reportPath, label: 'To your report' },
    }),
  },
  // To the programme's other managers, who may see the startup's shared name.
  'decision-notice': {
    nl: (d) => ({
      subject: `${d.changed ? 'Besluit gewijzigd' : 'Besluit genomen'}: ${d.startup} (${d.programme})`,
      paragraphs: [`${d.decidedBy} heeft ${d.changed ? 'het besluit over' : 'besloten over'} ${d.startup} in ${d.programme}${d.changed ? ' gewijzigd in' : ':'} ${OUTCOME_WORDS.nl[d.outcome]}.`],
      link: { path: d.decisionPath, label: 'Besluit bekijken' },
    }),
    en: (d) => ({
      subject: `${d.changed ? 'Decision changed' : 'Decision made'}: ${d.startup} (${d.programme})`,
      paragraphs: [`${d.decidedBy} ${d.changed ? 'changed the decision on' : 'decided on'} ${d.startup} in ${d.programme}${d.changed ? ' to' : ':'} ${OUTCOME_WORDS.en[d.outcome]}.`],
      link: { path: d.decisionPath, label: 'View the decision' },
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

/**
 * The path with ?lang= (before any fragment): the app takes its language from the address first,
 * then from what the browser stored, else Dutch; a link opened on a new device (an invitation always
 * is) would otherwise show a Dutch page behind an English mail.
 */
export function withLang(path: string, locale: MailLocale): string {
  const hash = path.indexOf('#');
  const [base, fragment] = hash < 0 ? [path, ''] : [path.slice(0, hash), path.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}lang=${locale}${fragment}`;
}

export function render<K extends TemplateId>(template: K, locale: MailLocale, data: TemplateData[K], publicUrl: string | null): RenderedMail {
  const draft = TEMPLATES[template][locale](data);
  let url: string | null = null;
  if (draft.link) {
    if (!publicUrl) throw new NeedsPublicUrl();
    url = publicUrl + withLang(draft.link.path, locale);
  }
  const unsubscribePath = (data as { unsubscribePath?: unknown }).unsubscribePath;
  let out: string | null = null;
  if (typeof unsubscribePath === 'string') {
    if (!publicUrl) throw new NeedsPublicUrl();
    out = publicUrl + withLang(unsubscribePath, locale);
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
