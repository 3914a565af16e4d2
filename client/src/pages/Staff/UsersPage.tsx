import { useEffect, useState } from 'preact/hooks';
import { staffApi, type MailOutcome, type PasswordLink, type Role, type StaffUser } from '../../api/staff.js';
import { StaffLink } from '../../components/StaffLink/StaffLink.js';
import { StaffShell } from '../../components/StaffShell/StaffShell.js';
import type { Locale } from '../../../../core/types.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.staff.js';
import { errorText } from '../../logic/errors.js';

const ROLES: Role[] = ['admin', 'manager', 'assessor'];

function Users({ me }: { me: StaffUser }) {
  const [users, setUsers] = useState<StaffUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // mail: undefined for a reset link (not mailed), otherwise what became of the invitation's mail.
  const [link, setLink] = useState<{ email: string; link: PasswordLink; mail?: MailOutcome } | null>(null);
  const [mailLocale, setMailLocale] = useState<Locale>(locale.value);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('assessor');
  const load = () => staffApi.users().then(setUsers, (err) => setError(errorText(err)));
  useEffect(() => { load(); }, []);

  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const invite = (e: Event) => {
    e.preventDefault();
    act(async () => {
      const res = await staffApi.invite(email.trim(), name.trim(), role, mailLocale);
      setLink({ email: res.user.email, link: res.link, mail: res.mail });
      setEmail('');
      setName('');
    });
  };

  if (me.role !== 'admin') return <section><h1>{t('staff.users')}</h1><p role="alert">{t('staff.adminOnly')}</p></section>;
  return (
    <section>
      <h1>{t('staff.users')}</h1>
      {error && <p role="alert" class="error">{error}</p>}
      {link && link.mail !== undefined && (
        <p role="status" class="notice">
          {link.mail === null ? t('staff.users.mailSkipped', { email: link.email })
            : link.mail.state === 'queued' ? t('staff.users.mailQueued', { email: link.email })
            : link.mail.state === 'outbox' ? t('staff.users.mailOutbox', { email: link.email })
            : t('staff.users.mailFailed', { email: link.email, error: link.mail.error ?? '' })}
        </p>
      )}
      {link && (
        <StaffLink id="password-link" label={t('staff.users.linkFor', { email: link.email })} path={link.link.setPasswordPath}
          hint={t(link.mail?.state === 'queued' ? 'staff.users.linkHintMailed' : 'staff.users.linkHint')} />
      )}
      {users === null && !error && <p aria-busy="true">{t('app.loading')}</p>}
      {users && (
        <div class="table-wrap">
          <table class="data-table">
            <caption class="visually-hidden">{t('staff.users')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.email')}</th>
                <th scope="col">{t('staff.name')}</th>
                <th scope="col">{t('staff.role')}</th>
                <th scope="col">{t('staff.users.state')}</th>
                <th scope="col">{t('staff.users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}</td>
                  <td>{u.name}</td>
                  <td>
                    <select aria-label={t('staff.users.roleOf', { email: u.email })} value={u.role} disabled={u.id === me.id}
                      onChange={(e) => act(() => staffApi.updateUser(u.id, { role: e.currentTarget.value as Role }))}>
                      {ROLES.map((r) => <option key={r} value={r}>{t(`staff.role.${r}`)}</option>)}
                    </select>
                  </td>
                  <td>{u.disabled ? t('staff.users.disabled') : u.active ? t('staff.users.active') : t('staff.users.invited')}</td>
                  <td class="actions-row">
                    <button type="button" class="secondary" onClick={() => act(async () => setLink({ email: u.email, link: await staffApi.resetLink(u.id) }))}>
                      {t('staff.users.resetLink')}<span class="visually-hidden"> ({u.email})</span>
                    </button>
                    {u.id !== me.id && (
                      <button type="button" class="secondary" onClick={() => act(() => staffApi.updateUser(u.id, { disabled: !u.disabled }))}>
                        {t(u.disabled ? 'staff.users.enable' : 'staff.users.disable')}<span class="visually-hidden"> ({u.email})</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form class="form-grid" onSubmit={invite} noValidate aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t('staff.users.invite')}</h2>
        <div>
          <label for="invite-email">{t('staff.email')}</label>
          <input id="invite-email" type="email" autocomplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </div>
        <div>
          <label for="invite-name">{t('staff.name')}</label>
          <input id="invite-name" type="text" autocomplete="off" maxLength={120} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div>
          <label for="invite-role">{t('staff.role')}</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`staff.role.${r}`)}</option>)}
          </select>
        </div>
        <div>
          <label for="invite-locale">{t('staff.users.inviteLocale')}</label>
          <select id="invite-locale" value={mailLocale} onChange={(e) => setMailLocale(e.currentTarget.value as Locale)}>
            <option value="nl">Nederlands</option>
            <option value="en">English</option>
          </select>
        </div>
        <div><button type="submit">{t('staff.users.inviteSubmit')}</button></div>
      </form>
    </section>
  );
}

export default function UsersPage() {
  return <StaffShell>{(user) => <Users me={user} />}</StaffShell>;
}
