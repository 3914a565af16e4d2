import { useMessage } from '../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { staffApi } from '../../api/staff.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.accounts.js';
import '../../i18n/messages.staff.js';
import { errorText } from '../../logic/errors.js';
import { parseSetPasswordFragment } from '../../logic/staff.js';
import './staff.css';

const MIN = 12;

export default function SetPasswordPage() {
  const { route } = useLocation();
  const [token] = useState(() => parseSetPasswordFragment(location.hash));
  const [email, setEmail] = useState<string | null>(null);
  const [purpose, setPurpose] = useState<'invite' | 'reset'>('invite');
  // Who invited them and to which programme, as the server recorded it with the link (never from the URL).
  const [context, setContext] = useState<{ invitedBy: string | null; programme: string | null }>({ invitedBy: null, programme: null });
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useMessage(token ? null : () => t('staff.setPassword.invalid'));
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!token) return;
    // The token leaves the address bar and history at once; it stays in this page's memory only.
    history.replaceState(null, '', '/staff/set-password');
    staffApi.passwordToken(token).then((info) => {
      setEmail(info.email);
      setPurpose(info.purpose);
      setContext({ invitedBy: info.invitedBy, programme: info.programme });
    }, (err) => setError(() => errorText(err)));
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (password.length < MIN) return setError(() => t('staff.setPassword.tooShort', { n: MIN }));
    if (password !== repeat) return setError(() => t('staff.setPassword.mismatch'));
    setBusy(true);
    setError(null);
    try {
      // Setting the password signs in (staff walkthrough #11): straight on to the programmes.
      await staffApi.setPassword(token!, password);
      route('/staff');
    } catch (err) {
      setError(() => errorText(err));
      setBusy(false);
    }
  };

  return (
    <section>
      <h1>{t(purpose === 'reset' ? 'staff.setPassword.resetHeading' : 'staff.setPassword.heading')}</h1>
      {email === null && !error && <p aria-busy="true">{t('app.loading')}</p>}
      {email !== null && (
        <form class="form-grid" onSubmit={submit} noValidate>
          {purpose === 'invite' && context.invitedBy && (
            <p>{context.programme
              ? t('accounts.setPassword.invitedTo', { by: context.invitedBy, programme: context.programme })
              : t('accounts.setPassword.invitedBy', { by: context.invitedBy })}</p>
          )}
          <p>{t('staff.setPassword.for', { email })}</p>
          {/* For password managers: the account this password belongs to. */}
          <input type="email" autocomplete="username" value={email} readOnly hidden />
          <div>
            <label for="new-password">{t('staff.newPassword')}</label>
            <input id="new-password" type="password" autocomplete="new-password" required minLength={MIN} aria-describedby="new-password-hint"
              value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
            <p id="new-password-hint" class="hint">{t('staff.setPassword.hint', { n: MIN })}</p>
          </div>
          <div>
            <label for="repeat-password">{t('staff.repeatPassword')}</label>
            <input id="repeat-password" type="password" autocomplete="new-password" required value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
          </div>
          {error && <p role="alert" class="error">{error}</p>}
          <div><button type="submit" disabled={busy} aria-busy={busy}>{t('staff.setPassword.submit')}</button></div>
        </form>
      )}
      {email === null && error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}
