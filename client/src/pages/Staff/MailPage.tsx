// The app's mail log and outbox (admins): recipient, subject, text and state of the latest mails.
import { useMessage } from '../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { staffApi, type MailEntry, type StaffUser } from '../../api/staff.js';
import { StaffShell } from '../../components/StaffShell/StaffShell.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.staff.js';
import { errorText } from '../../logic/errors.js';
import { formatDate } from '../../logic/staff.js';
import { contactApi } from '../../api/contacts.js';
import '../../i18n/messages.reminders.js';
import './staff.css';

function Mail({ me }: { me: StaffUser }) {
  const [log, setLog] = useState<{ sending: boolean; mails: MailEntry[] } | null>(null);
  const [error, setError] = useMessage();
  const [retried, setRetried] = useState<Set<string>>(new Set());
  const load = () => staffApi.mail().then(setLog, (err) => setError(() => errorText(err)));
  useEffect(() => {
    if (me.role === 'admin') load();
  }, [me.role]);
  // A failed mail goes back in the queue with a fresh set of attempts (only with SMTP configured).
  const retry = async (id: string) => {
    setError(null);
    try {
      await contactApi.retryMail(id);
      setRetried((s) => new Set(s).add(id));
      await load();
      // The button just pressed is gone with the failed state: the mail's heading keeps the keyboard's place.
      document.getElementById(`mail-${id}`)?.focus();
    } catch (err) {
      setError(() => errorText(err));
    }
  };

  if (me.role !== 'admin') return <section><h1>{t('staff.mail')}</h1><p role="alert">{t('staff.adminOnly')}</p></section>;
  return (
    <section>
      <h1>{t('staff.mail')}</h1>
      <p>{t('staff.mail.lead')}</p>
      {error && <p role="alert" class="error">{error}</p>}
      {log === null && !error && <p aria-busy="true">{t('app.loading')}</p>}
      {log && !log.sending && <p role="status" class="notice">{t('staff.mail.noServer')}</p>}
      {log && log.mails.length === 0 && <p>{t('staff.mail.none')}</p>}
      {log && log.mails.map((m) => (
        <article key={m.id} class="mail-entry">
          {/* The mail is in its recipient's language, which need not be the page's: a screen reader reads it in that one. */}
          <h2 id={`mail-${m.id}`} tabIndex={-1} lang={m.locale}>{m.subject}</h2>
          <dl>
            <dt>{t('staff.mail.to')}</dt><dd>{m.to} ({m.locale})</dd>
            <dt>{t('staff.mail.state')}</dt>
            <dd>
              {t(`staff.mail.state.${m.state}`)}
              {m.lastError && <> — {t('staff.mail.attempts', { n: m.attempts, error: m.lastError })}</>}
            </dd>
            <dt>{t('staff.mail.when')}</dt><dd>{formatDate(m.createdAt, locale.value)}</dd>
          </dl>
          {log.sending && m.state === 'failed' && m.text && <button type="button" class="secondary" onClick={() => retry(m.id)}>{t('mail.retry')}</button>}
          {/* In place while the mail can be sent again, so that it is read out when it fills. */}
          {(retried.has(m.id) || (log.sending && m.state === 'failed' && m.text)) && (
            <p role="status" class={retried.has(m.id) && m.state === 'queued' ? 'notice' : undefined}>{retried.has(m.id) && m.state === 'queued' && t('mail.retried')}</p>
          )}
          {m.text && <pre lang={m.locale}>{m.text}</pre>}
        </article>
      ))}
    </section>
  );
}

export default function MailPage() {
  return <StaffShell>{(user) => <Mail me={user} />}</StaffShell>;
}
