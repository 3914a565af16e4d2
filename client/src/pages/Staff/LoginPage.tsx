import { useMessage } from '../../logic/message.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { staffApi } from '../../api/staff.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.staff.js';
import { errorText } from '../../logic/errors.js';
import './staff.css';
import { Announce } from '../../components/Announce/Announce.js';

/** Only paths inside the staff area are followed after signing in (no open redirect). */
const safeNext = (next: string | undefined) => (next && /^\/staff(\/[A-Za-z0-9_/-]*)?$/.test(next) ? next : '/staff');

export default function LoginPage() {
  const { route, query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useMessage();
  const [busy, setBusy] = useState(false);
  const [forgotOpen, setForgotOpen] = useState(false);
  const [forgotEmail, setForgotEmail] = useState('');
  const [forgotSent, setForgotSent] = useState<string | null>(null);
  const [forgotError, setForgotError] = useMessage();
  const forgotInput = useRef<HTMLInputElement>(null);
  // The button that opens the form goes away with it: the form's field takes the keyboard's place.
  useEffect(() => { if (forgotOpen) forgotInput.current?.focus(); }, [forgotOpen]);

  const forgot = async (e: Event) => {
    e.preventDefault();
    setForgotError(null);
    try {
      await staffApi.forgotPassword(forgotEmail.trim(), locale.value);
      // The server answers the same for every address; so does this page.
      setForgotSent(forgotEmail.trim());
    } catch (err) {
      setForgotError(() => errorText(err));
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await staffApi.login(email.trim(), password);
      route(safeNext(query.next));
    } catch (err) {
      setError(() => errorText(err));
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t('staff.login.heading')}</h1>
      <p>{t('staff.login.lead')}</p>
      <Announce text={query.out ? t('staff.login.signedOut') : query.set ? t('staff.login.passwordSet') : ''} />
      <form class="form-grid" onSubmit={submit} noValidate>
        <div>
          <label for="login-email">{t('staff.email')}</label>
          <input id="login-email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        <div>
          <label for="login-password">{t('staff.password')}</label>
          <input id="login-password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </div>
        {error && <p role="alert" class="error">{error}</p>}
        <div><button type="submit" disabled={busy} aria-busy={busy}>{t('staff.login.submit')}</button></div>
      </form>
      {!forgotOpen && (
        <p><button type="button" class="link-button" onClick={() => { setForgotOpen(true); setForgotEmail(email); }}>{t('staff.login.forgot')}</button></p>
      )}
      {forgotOpen && (
        <form class="form-grid" onSubmit={forgot} noValidate aria-labelledby="forgot-heading">
          <h2 id="forgot-heading">{t('staff.login.forgot')}</h2>
          <p>{t('staff.login.forgotLead')}</p>
          <div>
            <label for="forgot-email">{t('staff.email')}</label>
            <input id="forgot-email" ref={forgotInput} type="email" autocomplete="username" required value={forgotEmail} onInput={(e) => setForgotEmail(e.currentTarget.value)} />
          </div>
          {forgotError && <p role="alert" class="error">{forgotError}</p>}
          {/* In the form before it fills, so that screen readers read it out. */}
          <p role="status" class={forgotSent ? 'notice' : undefined}>{forgotSent && t('staff.login.forgotSent', { email: forgotSent })}</p>
          <div><button type="submit">{t('staff.login.forgotSubmit')}</button></div>
        </form>
      )}
    </section>
  );
}
