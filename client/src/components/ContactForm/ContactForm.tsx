// A startup leaves (or withdraws) an e-mail address for reminders and messages about its submission.
// Opt-in: nothing is kept until the consent is ticked; showing the address to the programme is a
// second, separate box that starts unticked.
import { useMessage } from '../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { contactApi, type Contact } from '../../api/contacts.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.reminders.js';
import { errorText } from '../../logic/errors.js';
import { joinCodeOf } from '../../logic/staffJoin.js';

export function ContactForm({ id, token, code }: { id: string; token: string; code?: string | null }) {
  const [contact, setContact] = useState<Contact | null | undefined>(undefined);
  const [email, setEmail] = useState('');
  const [consent, setConsent] = useState(false);
  const [show, setShow] = useState(false);
  const [notice, setNotice] = useMessage();
  const [error, setError] = useMessage();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    contactApi.get(id, token).then((r) => {
      setContact(r.contact);
      if (r.contact) { setEmail(r.contact.email); setShow(r.contact.showToProgramme); setConsent(true); }
    }, (err) => setError(() => errorText(err)));
  }, [id, token]);

  const save = async (e: Event) => {
    e.preventDefault();
    setNotice(null);
    if (!consent) { setError(() => t('contact.consentMissing')); return; }
    setBusy(true);
    setError(null);
    try {
      const joined = code ?? joinCodeOf(id);
      const r = await contactApi.set(id, token, { email: email.trim(), consent, showToProgramme: show, locale: locale.value, ...(joined ? { code: joined } : {}) });
      setContact(r.contact);
      setNotice(() => t('contact.saved', { email: email.trim() }));
    } catch (err) {
      setError(() => errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      await contactApi.withdraw(id, token);
      setContact(null);
      setEmail('');
      setConsent(false);
      setShow(false);
      setNotice(() => t('contact.withdrawn'));
    } catch (err) {
      setError(() => errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (contact === undefined && !error) return null;
  const fid = `contact-${id}`;
  return (
    <section class="contact-form no-print" aria-labelledby={`${fid}-heading`}>
      <h2 id={`${fid}-heading`}>{t('contact.heading')}</h2>
      {contact ? (
        <>
          <p>{t('contact.current', { email: contact.email })} {contact.showToProgramme ? t('contact.shownToProgramme') : t('contact.notShown')}</p>
          {contact.programme && <p>{t('contact.forProgramme', { programme: contact.programme.name })}</p>}
        </>
      ) : <p>{t('contact.lead')}</p>}
      <form class="form-grid" onSubmit={save} noValidate>
        <div>
          <label for={`${fid}-email`}>{t('contact.email')}</label>
          <input id={`${fid}-email`} type="email" autocomplete="email" maxLength={254} required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        <label class="checkbox">
          <input type="checkbox" name="consent" checked={consent} onChange={(e) => setConsent(e.currentTarget.checked)} />
          {t('contact.consent')}
        </label>
        <label class="checkbox">
          <input type="checkbox" name="showToProgramme" checked={show} onChange={(e) => setShow(e.currentTarget.checked)} />
          {t('contact.showToProgramme')}
        </label>
        {error && <p role="alert" class="error">{error}</p>}
        {/* On the page before it fills, so that screen readers read it out. */}
        <p role="status" class={notice ? 'notice' : undefined}>{notice}</p>
        <div class="actions-row">
          <button type="submit" disabled={busy} aria-busy={busy}>{t('contact.save')}</button>
          {contact && <button type="button" class="secondary" disabled={busy} onClick={withdraw}>{t('contact.withdraw')}</button>}
        </div>
      </form>
    </section>
  );
}
