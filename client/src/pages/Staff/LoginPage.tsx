import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { staffApi } from '../../api/staff.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.staff.js';
import { errorText } from '../../logic/errors.js';
import './staff.css';

/** Only paths inside the staff area are followed after signing in (no open redirect). */
const safeNext = (next: string | undefined) => (next && /^\/staff(\/[A-Za-z0-9_/-]*)?$/.test(next) ? next : '/staff');

export default function LoginPage() {
  const { route, query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await staffApi.login(email.trim(), password);
      route(safeNext(query.next));
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t('staff.login.heading')}</h1>
      <p>{t('staff.login.lead')}</p>
      {query.out && <p role="status" class="notice">{t('staff.login.signedOut')}</p>}
      {query.set && <p role="status" class="notice">{t('staff.login.passwordSet')}</p>}
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
      <p class="hint">{t('staff.login.forgot')}</p>
    </section>
  );
}
