import { useMessage } from '../../logic/message.js';
import { useState } from 'preact/hooks';
import { staffApi } from '../../api/staff.js';
import { StaffShell } from '../../components/StaffShell/StaffShell.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.staff.js';
import { errorText } from '../../logic/errors.js';

export default function PasswordPage() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [changed, setChanged] = useState(false);
  const [error, setError] = useMessage();

  const submit = async (e: Event) => {
    e.preventDefault();
    setChanged(false);
    setError(null);
    try {
      await staffApi.changePassword(current, next);
      setCurrent('');
      setNext('');
      setChanged(true);
    } catch (err) {
      setError(() => errorText(err));
    }
  };

  return (
    <StaffShell>
      {(user) => (
        <section>
          <h1>{t('staff.changePassword')}</h1>
          <form class="form-grid" onSubmit={submit} noValidate>
            <input type="email" autocomplete="username" value={user.email} readOnly hidden />
            <div>
              <label for="current-password">{t('staff.currentPassword')}</label>
              <input id="current-password" type="password" autocomplete="current-password" value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
            </div>
            <div>
              <label for="next-password">{t('staff.newPassword')}</label>
              <input id="next-password" type="password" autocomplete="new-password" aria-describedby="next-password-hint" value={next} onInput={(e) => setNext(e.currentTarget.value)} />
              <p id="next-password-hint" class="hint">{t('staff.password.hint')}</p>
            </div>
            {error && <p role="alert" class="error">{error}</p>}
            {/* On the page before it fills, so that screen readers read it out. */}
            <p role="status" class={changed ? 'success' : undefined}>{changed && t('staff.password.changed')}</p>
            <div><button type="submit">{t('staff.password.submit')}</button></div>
          </form>
        </section>
      )}
    </StaffShell>
  );
}
