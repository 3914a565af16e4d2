// The links in every mail open the app in the mail's language. The app picks its language from
// ?lang=, else from what this browser stored, else Dutch: someone opening an English invitation on a
// new device (an invitee always does) otherwise met a Dutch page behind an English mail.
import { describe, expect, it } from 'vitest';
import { render, TEMPLATE_IDS, type MailLocale, type TemplateData, type TemplateId } from '../../server/mail/templates.js';

const PUBLIC_URL = 'https://toets.example.org';
const TOKEN = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const deadline = '2026-12-01T17:00:00Z';

const DATA: { [K in TemplateId]: TemplateData[K] } = {
  invitation: { name: 'Noor', invitedBy: 'Admin', setPasswordPath: `/staff/set-password#${TOKEN}`, expiresAt: deadline },
  'password-reset': { setPasswordPath: `/staff/set-password#${TOKEN}`, expiresAt: deadline },
  'clarification-request': { programme: 'P', question: 'Q', resumePath: '/report/r1', unsubscribePath: `/unsubscribe#${TOKEN}` },
  'clarification-answered': { programme: 'P', startup: 'S', question: 'Q', submissionPath: '/staff/submissions/r1', corrected: false },
  assignment: { programme: 'P', count: 2, tasksPath: '/staff/tasks', passwordSet: false },
  decision: { programme: 'P', outcome: 'fund', rationale: 'R', reportPath: '/report/r1', unsubscribePath: `/unsubscribe#${TOKEN}` },
  'decision-notice': { programme: 'P', startup: 'S', outcome: 'decline', decidedBy: 'M', changed: false, decisionPath: '/staff/submissions/r1/decision' },
  'deadline-reminder-startup': { programme: 'P', deadline, daysBefore: 7, joinPath: '/join/ABCD3467', unsubscribePath: `/unsubscribe#${TOKEN}` },
  'deadline-reminder-assessor': { programme: 'P', deadline, daysBefore: 1, open: 3, programmePath: '/staff/programmes/p1' },
};

const linksIn = (s: string) => s.match(/https:\/\/toets\.example\.org[^\s"<]*/g) ?? [];

describe('mail links', () => {
  for (const template of TEMPLATE_IDS) {
    for (const locale of ['nl', 'en'] as MailLocale[]) {
      it(`${template} (${locale}): every link carries lang=${locale}, before any fragment`, () => {
        const mail = render(template, locale, DATA[template] as never, PUBLIC_URL);
        const links = [...linksIn(mail.text), ...linksIn(mail.html.replace(/&amp;/g, '&'))];
        expect(links.length).toBeGreaterThan(0);
        for (const link of links) {
          const url = new URL(link);
          expect(url.searchParams.get('lang'), link).toBe(locale);
        }
      });
    }
  }

  it('keeps the path and the secret in the fragment, so the stored copy can still cut it off', () => {
    const mail = render('invitation', 'en', DATA.invitation, PUBLIC_URL);
    expect(mail.text).toContain(`${PUBLIC_URL}/staff/set-password?lang=en#${TOKEN}`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/staff/set-password?lang=en#${TOKEN}"`);
  });
});
