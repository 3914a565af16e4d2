import { useMessage, type Say } from '../../logic/message.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { staffApi, USERS_PAGE, type MailOutcome, type PasswordLink, type Role, type StaffUser } from '../../api/staff.js';
import { ConfirmDialog, type ConfirmRequest } from '../../components/ConfirmDialog/ConfirmDialog.js';
import { Pager } from '../../components/Pager/Pager.js';
import { OneTimeLinks, type IssuedLink } from '../../components/OneTimeLinks/OneTimeLinks.js';
import { StaffShell } from '../../components/StaffShell/StaffShell.js';
import type { Locale } from '../../../../core/types.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.accounts.js';
import '../../i18n/messages.staff.js';
import { errorText } from '../../logic/errors.js';
import { useBusy } from '../../logic/busy.js';
import { pageCount } from '../../logic/staff.js';
import { useDebounced } from '../../logic/debounce.js';

const ROLES: Role[] = ['admin', 'manager', 'assessor', 'editor'];

function Users({ me }: { me: StaffUser }) {
  const [data, setData] = useState<{ items: StaffUser[]; total: number } | null>(null);
  const users = data?.items ?? null;
  // What is typed, and what was searched for a moment after typing stopped (no request per keystroke).
  const [search, setSearch] = useState('');
  const [list, setList] = useState({ q: '', page: 0 });
  // Two messages: one for the list (cleared when a later search or page loads), one for actions.
  const [listError, setListError] = useMessage();
  const [error, setError] = useMessage();
  // Every link of this visit stays listed (staff walkthrough #10); the latest mail outcome is announced.
  const [links, setLinks] = useState<IssuedLink[]>([]);
  const [link, setLink] = useState<{ email: string; link: PasswordLink; mail?: MailOutcome; reissued?: boolean } | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [done, setDone] = useMessage();
  const [mailLocale, setMailLocale] = useState<Locale>(locale.value);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('assessor');
  // Only the answer to the latest request counts: typing on while an earlier search is still out would
  // otherwise let that earlier list land last and stay under the new search.
  const latest = useRef(0);
  // Read when the request is made, not when `load` was made: an action that ends after the reader
  // searched on reloads the list they are looking at, not the one from before their search.
  const shown = useRef(list);
  shown.current = list;
  const load = () => {
    const call = ++latest.current;
    const { q, page } = shown.current;
    return staffApi.users(q, page * USERS_PAGE).then(
      (d) => { if (call === latest.current) { setData(d); setListError(null); } },
      (err) => { if (call === latest.current) setListError(() => errorText(err)); },
    );
  };
  useEffect(() => { load(); }, [list]);
  const pages = pageCount(data?.total ?? 0, USERS_PAGE);
  const searchFor = useDebounced((value: string) => setList({ q: value.trim(), page: 0 }));
  const onSearch = (value: string) => {
    setSearch(value);
    searchFor(value);
  };

  const act = async (fn: () => Promise<unknown>, doneText?: Say) => {
    setError(null);
    setDone(null);
    try {
      await fn();
      await load();
      if (doneText) setDone(doneText);
    } catch (err) {
      setError(() => errorText(err));
    }
  };
  const issued = (l: IssuedLink & { reissued?: boolean }) => {
    setLink(l);
    setLinks((all) => [...all, l]);
  };

  // A second click while the first is on its way would invite again: a second mail, whose new link
  // makes the first mail's link dead.
  const [inviting, once] = useBusy();
  const invite = (e: Event) => {
    e.preventDefault();
    void once(() => act(async () => {
      const res = await staffApi.invite(email.trim(), name.trim(), role, mailLocale);
      issued({ email: res.user.email, link: res.link, mail: res.mail, reissued: res.reissued });
      setEmail('');
      setName('');
    }));
  };
  const roleName = (r: Role) => t(`staff.role.${r}`);
  // Staff walkthrough #12: a role change, blocking and unblocking are confirmed first and reported after.
  const changeRole = (u: StaffUser, select: HTMLSelectElement) => {
    const to = select.value as Role;
    setConfirm({
      text: t('accounts.confirm.role', { email: u.email, from: roleName(u.role), to: roleName(to) }),
      extra: to === 'admin' ? t('accounts.confirm.roleAdmin') : undefined,
      run: () => act(() => staffApi.updateUser(u.id, { role: to }), () => t('accounts.done.role', { email: u.email, role: roleName(to) })),
      onCancel: () => { select.value = u.role; },
    });
  };
  const toggleBlock = (u: StaffUser) => setConfirm({
    text: t(u.disabled ? 'accounts.confirm.unblock' : 'accounts.confirm.block', { email: u.email }),
    run: () => act(() => staffApi.updateUser(u.id, { disabled: !u.disabled }), () => t(u.disabled ? 'accounts.done.unblocked' : 'accounts.done.blocked', { email: u.email })),
  });

  if (me.role !== 'admin') return <section><h1>{t('staff.users')}</h1><p role="alert">{t('staff.adminOnly')}</p></section>;
  return (
    <section>
      <h1>{t('staff.users')}</h1>
      {error && <p role="alert" class="error">{error}</p>}
      {listError && <p role="alert" class="error">{listError}</p>}
      <p role="status" class="success" aria-live="polite">{done}</p>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      {link && link.mail !== undefined && (
        <p role="status" class="notice">
          {link.reissued ? `${t('accounts.links.reissued', { email: link.email })} ` : ''}
          {link.mail === null ? t('staff.users.mailSkipped', { email: link.email })
            : link.mail.state === 'queued' ? t('staff.users.mailQueued', { email: link.email })
            : link.mail.state === 'outbox' ? t('staff.users.mailOutbox', { email: link.email })
            : t('staff.users.mailFailed', { email: link.email, error: link.mail.error ?? '' })}
        </p>
      )}
      <OneTimeLinks links={links} idPrefix="password-link" />
      <div class="filters" role="search" aria-label={t('staff.users')}>
        <div>
          <label for="users-search">{t('staff.users.search')}</label>
          <input id="users-search" type="search" maxLength={100} autocomplete="off" value={search} onInput={(e) => onSearch(e.currentTarget.value)} />
        </div>
      </div>
      {users === null && !listError && <p aria-busy="true">{t('app.loading')}</p>}
      {data && <p role="status" class="meta">{data.total === 0 && list.q ? t('staff.users.none') : t(data.total === 1 ? 'staff.users.count.one' : 'staff.users.count', { n: data.total })}</p>}
      {users && users.length > 0 && (
        <div class="table-wrap">
          <table class="data-table users-table">
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
                  <td data-label={t('staff.email')}>{u.email}</td>
                  <td data-label={t('staff.name')}>{u.name}</td>
                  <td>
                    <select class="role-select" aria-label={t('staff.users.roleOf', { email: u.email })} value={u.role} disabled={u.id === me.id}
                      onChange={(e) => changeRole(u, e.currentTarget)}>
                      {ROLES.map((r) => <option key={r} value={r}>{t(`staff.role.${r}`)}</option>)}
                    </select>
                  </td>
                  <td data-label={t('staff.users.state')}>{u.disabled ? t('staff.users.disabled') : u.active ? t('staff.users.active') : t('staff.users.invited')}</td>
                  <td>
                    <div class="cell-actions">
                      <button type="button" class="secondary" onClick={() => act(async () => issued({ email: u.email, link: await staffApi.resetLink(u.id) }))}>
                        {t('staff.users.resetLink')}<span class="visually-hidden"> ({u.email})</span>
                      </button>
                      {u.id !== me.id && (
                        <button type="button" class="secondary" onClick={() => toggleBlock(u)}>
                          {t(u.disabled ? 'staff.users.enable' : 'staff.users.disable')}<span class="visually-hidden"> ({u.email})</span>
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <Pager page={list.page} pages={pages} onPage={(page) => setList((l) => ({ ...l, page }))} />
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
        <div><button type="submit" disabled={inviting} aria-busy={inviting}>{t('staff.users.inviteSubmit')}</button></div>
      </form>
    </section>
  );
}

export default function UsersPage() {
  return <StaffShell>{(user) => <Users me={user} />}</StaffShell>;
}
