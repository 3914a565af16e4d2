// The frame of every staff screen: checks the session (or sends to the login page), and offers the
// staff navigation. Children get the signed-in person.
import { useMessage } from '../../logic/message.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError } from '../../api/client.js';
import { staffApi, type StaffUser } from '../../api/staff.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.staff.js';
import '../../i18n/messages.decide.js';
import { errorText } from '../../logic/errors.js';
import '../../pages/Staff/staff.css';

export function StaffShell({ children }: { children: (user: StaffUser) => ComponentChildren }) {
  const { route, url } = useLocation();
  const [user, setUser] = useState<StaffUser | null>(null);
  const [error, setError] = useMessage();

  useEffect(() => {
    staffApi.me().then((s) => setUser(s.user), (err) => {
      if (err instanceof ApiError && err.status === 401) route(`/staff/login?next=${encodeURIComponent(url)}`, true);
      else setError(() => errorText(err));
    });
  }, []);

  const logout = async () => {
    try {
      await staffApi.logout();
    } finally {
      route('/staff/login?out=1');
    }
  };

  if (error) return <section><h1>{t('staff.title')}</h1><p role="alert" class="error">{error}</p></section>;
  if (!user) return <p aria-busy="true">{t('app.loading')}</p>;
  return (
    <div class="staff">
      <nav class="staff-nav" aria-label={t('staff.nav')}>
        <ul>
          <li><a href="/staff" aria-current={url === '/staff' ? 'page' : undefined}>{t('staff.programmes')}</a></li>
          {user.role === 'admin' && <li><a href="/staff/users" aria-current={url === '/staff/users' ? 'page' : undefined}>{t('staff.users')}</a></li>}
          {user.role === 'admin' && <li><a href="/staff/mail" aria-current={url === '/staff/mail' ? 'page' : undefined}>{t('staff.mail')}</a></li>}
          {user.role === 'assessor' && <li><a href="/staff/tasks" aria-current={url === '/staff/tasks' ? 'page' : undefined}>{t('decide.tasks')}</a></li>}
          <li><a href="/staff/password" aria-current={url === '/staff/password' ? 'page' : undefined}>{t('staff.changePassword')}</a></li>
        </ul>
        <p class="staff-who">
          {t('staff.signedInAs', { email: user.email, role: t(`staff.role.${user.role}`) })}{' '}
          <button type="button" class="link-button" onClick={logout}>{t('staff.logout')}</button>
        </p>
      </nav>
      {children(user)}
    </div>
  );
}
