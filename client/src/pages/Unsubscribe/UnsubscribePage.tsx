// The unsubscribe link of a mail to a startup (/unsubscribe#<token>): the token is in the fragment,
// so it never reaches a server log; the address is withdrawn only after a click, so a mail scanner
// that opens links does not withdraw it.
import { useMessage } from '../../logic/message.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { contactApi } from '../../api/contacts.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.reminders.js';
import { errorText } from '../../logic/errors.js';

export default function UnsubscribePage() {
  const token = typeof location === 'undefined' ? '' : location.hash.slice(1);
  const [done, setDone] = useState(false);
  const [error, setError] = useMessage(/^[A-Za-z0-9_-]{32}$/.test(token) ? null : () => t('unsubscribe.noToken'));
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  // The button just pressed is gone once it worked: the heading keeps the keyboard's place.
  useEffect(() => { if (done) heading.current?.focus(); }, [done]);
  const confirm = async () => {
    setBusy(true);
    try {
      await contactApi.unsubscribe(token);
      setDone(true);
    } catch (err) {
      setError(() => errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>{t('unsubscribe.heading')}</h1>
      {/* On the page before it fills, so that screen readers read it out. */}
      <p role="status">{done && t('unsubscribe.done')}</p>
      {!done && (
        <>
          <p>{t('unsubscribe.lead')}</p>
          {error && <p role="alert" class="error">{error}</p>}
          {!error && <button type="button" disabled={busy} aria-busy={busy} onClick={confirm}>{t('unsubscribe.confirm')}</button>}
        </>
      )}
    </section>
  );
}
