// Every one-time link issued during this page visit, each with whom it is for and whether it was
// mailed (staff walkthrough #10): a new link is added to the list and never replaces an earlier one.
import type { MailOutcome, PasswordLink } from '../../api/staff.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.accounts.js';
import { StaffLink } from '../StaffLink/StaffLink.js';

export interface IssuedLink {
  email: string;
  link: PasswordLink;
  /** undefined: not mailed (a reset link the admin passes on). */
  mail?: MailOutcome;
}

function mailNote(mail: MailOutcome | undefined): string {
  if (mail === undefined || mail === null || mail.state === 'failed') return t('accounts.links.notMailed');
  return mail.state === 'queued' ? t('accounts.links.mailed') : t('accounts.links.outbox');
}

export function OneTimeLinks({ links, idPrefix }: { links: IssuedLink[]; idPrefix: string }) {
  if (!links.length) return null;
  return (
    <section aria-labelledby={`${idPrefix}-heading`} class="one-time-links">
      <h2 id={`${idPrefix}-heading`}>{t('accounts.links')}</h2>
      <ul class="plain-list">
        {links.map((l, i) => (
          <li key={l.link.setPasswordPath}>
            <StaffLink id={`${idPrefix}-${i}`} label={t('staff.users.linkFor', { email: l.email })} path={l.link.setPasswordPath}
              hint={`${mailNote(l.mail)} ${t(l.mail?.state === 'queued' ? 'staff.users.linkHintMailed' : 'staff.users.linkHint')}`} />
          </li>
        ))}
      </ul>
    </section>
  );
}
