import { useEffect, useRef, useState } from 'preact/hooks';
import { staffApi, type PasswordLink, type ProgrammeDetail, type Role, type StaffUser, type SubmissionSummary } from '../../api/staff.js';
import { StaffLink } from '../../components/StaffLink/StaffLink.js';
import { StaffShell } from '../../components/StaffShell/StaffShell.js';
import { DecisionSettings } from './Decision/DecisionSettings.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.integration.js';
import '../../i18n/messages.attempts.js';
import { listFromUrl, listToUrl } from '../../logic/list-url.js';
import '../../i18n/messages.staff.js';
import { areaLabel, areaList } from '../../logic/areas.js';
import { errorText } from '../../logic/errors.js';
import {
  deadlineFromInput, deadlineToInput, formatDate, formatScore, initialList, pageCount, submissionQuery, toggleSort, type ListState,
} from '../../logic/staff.js';

const COLUMNS: Array<{ sort: ListState['sort']; label: 'staff.col.name' | 'staff.col.area' | 'staff.col.shared' | 'staff.col.goal' | 'staff.col.precondition' | 'staff.col.completeness' | 'staff.col.knockouts' | 'staff.col.status'; num?: boolean }> = [
  { sort: 'name', label: 'staff.col.name' },
  { sort: 'area', label: 'staff.col.area' },
  { sort: 'shared', label: 'staff.col.shared' },
  { sort: 'goal', label: 'staff.col.goal', num: true },
  { sort: 'precondition', label: 'staff.col.precondition', num: true },
  { sort: 'completeness', label: 'staff.col.completeness', num: true },
  { sort: 'knockouts', label: 'staff.col.knockouts', num: true },
  { sort: 'status', label: 'staff.col.status' },
];

function Submissions({ programme }: { programme: ProgrammeDetail }) {
  // The list's state lives in the address (staff #13): Back from a submission returns to the same view.
  const [state, setState] = useState<ListState>(() => listFromUrl(location.search));
  const [search, setSearch] = useState(state.q);
  const [data, setData] = useState<{ items: SubmissionSummary[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scrolls, setScrolls] = useState(false);
  const timer = useRef<number>();
  const wrap = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // replaceState: a filter change is no new page, so Back still leaves the list in one step.
    const url = `${location.pathname}${listToUrl(state)}`;
    if (url !== `${location.pathname}${location.search}`) history.replaceState(history.state, '', url);
    staffApi.submissions(programme.id, submissionQuery(state)).then(setData, (err) => setError(errorText(err)));
  }, [programme.id, state]);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    window.addEventListener('resize', check);
    return () => window.removeEventListener('resize', check);
  }, [data]);

  const onSearch = (value: string) => {
    setSearch(value);
    // Search as the person types, without a request per keystroke.
    clearTimeout(timer.current);
    timer.current = window.setTimeout(() => setState((s) => ({ ...s, q: value, page: 0 })), 250);
  };
  const set = (patch: Partial<ListState>) => setState((s) => ({ ...s, ...patch, page: 0 }));
  const pages = pageCount(data?.total ?? 0);
  const grouped = !state.team && state.attempts === 'latest';

  return (
    <section aria-labelledby="submissions-heading">
      <h2 id="submissions-heading">{t('staff.submissions')}</h2>
      <div class="actions-row">
        <a class="button" href={staffApi.exportUrl(programme.id, locale.value)} download>{t('staff.export.csv')}</a>
      </div>
      {state.team && (
        <p class="actions-row">
          <strong>{t('attempts.teamHeading')}</strong>
          <button type="button" class="link-button" onClick={() => set({ team: '' })}>{t('attempts.backToList')}</button>
        </p>
      )}
      <div class="filters" role="search" aria-label={t('staff.filters')}>
        <div>
          <label for="f-search">{t('staff.filter.search')}</label>
          <input id="f-search" type="search" maxLength={100} value={search} onInput={(e) => onSearch(e.currentTarget.value)} />
        </div>
        <div>
          <label for="f-area">{t('staff.col.area')}</label>
          <select id="f-area" value={state.area} onChange={(e) => set({ area: e.currentTarget.value })}>
            <option value="">{t('staff.filter.all')}</option>
            {programme.areas.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
        <div>
          <label for="f-status">{t('staff.col.status')}</label>
          <select id="f-status" value={state.status} onChange={(e) => set({ status: e.currentTarget.value as ListState['status'] })}>
            <option value="">{t('staff.filter.all')}</option>
            {(['submitted', 'in_review', 'reviewed'] as const).map((s) => <option key={s} value={s}>{t(`staff.status.${s}`)}</option>)}
          </select>
        </div>
        <div>
          <label for="f-knockouts">{t('staff.col.knockouts')}</label>
          <select id="f-knockouts" value={state.knockouts} onChange={(e) => set({ knockouts: e.currentTarget.value as ListState['knockouts'] })}>
            <option value="">{t('staff.filter.all')}</option>
            <option value="yes">{t('staff.filter.withKnockouts')}</option>
            <option value="no">{t('staff.filter.withoutKnockouts')}</option>
          </select>
        </div>
        {!state.team && (
          <div>
            <label for="f-attempts">{t('attempts.filter')}</label>
            <select id="f-attempts" value={state.attempts} onChange={(e) => set({ attempts: e.currentTarget.value as ListState['attempts'] })}>
              <option value="latest">{t('attempts.filter.latest')}</option>
              <option value="all">{t('attempts.filter.all')}</option>
            </select>
          </div>
        )}
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      <p role="status" class="meta">{data ? t(grouped ? (data.total === 1 ? 'attempts.count.one' : 'attempts.count') : (data.total === 1 ? 'attempts.countAll.one' : 'attempts.countAll'), { n: data.total }) : t('app.loading')}</p>
      {data && data.items.length > 0 && (
        <>
          {scrolls && <p class="hint scroll-hint">{t('attempts.scrollHint')}</p>}
          <div class="table-wrap" ref={wrap} tabIndex={scrolls ? 0 : undefined} role={scrolls ? 'region' : undefined} aria-label={scrolls ? t('staff.submissions') : undefined}>
            <table class="data-table submissions-table">
              <caption class="visually-hidden">{t('staff.submissions')}</caption>
              <thead>
                <tr>
                  {COLUMNS.map((c) => (
                    <th key={c.sort} scope="col" class={c.num ? 'num' : undefined}
                      aria-sort={state.sort === c.sort ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                      <button type="button" class="sort-button" onClick={() => setState((s) => toggleSort(s, c.sort))}>{t(c.label)}</button>
                    </th>
                  ))}
                  <th scope="col">{t('staff.col.profile')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <a href={`/staff/submissions/${s.id}`}>{s.name}</a>
                      <span class="attempt-line">
                        {t('attempts.of', { attempt: s.attempt, latest: s.latestAttempt })}{s.latest && s.attemptCount > 1 ? ` · ${t('attempts.latest')}` : ''}
                        {s.attemptCount > 1 && !state.team && (
                          <> · <a href={`${location.pathname}${listToUrl({ ...initialList, team: s.teamId, sort: 'shared', dir: 'asc' })}`}
                            onClick={(e) => { e.preventDefault(); setState({ ...initialList, team: s.teamId, sort: 'shared', dir: 'asc' }); }}>
                            {t('attempts.earlier', { n: s.attemptCount })}<span class="visually-hidden"> ({s.name})</span></a></>
                        )}
                      </span>
                    </td>
                    <td>{areaLabel(s.area)}</td>
                    <td class="nowrap">{formatDay(s.sharedAt, locale.value)}</td>
                    <td class="num">{formatScore(s.goalScore, locale.value)}</td>
                    <td class="num">{formatScore(s.preconditionScore, locale.value)}</td>
                    <td class="num">{s.completeness === null ? '–' : `${formatScore(s.completeness * 100, locale.value)}%`}</td>
                    <td class="num">{s.knockoutCount}</td>
                    <td><span class="status-badge">{t(`staff.status.${s.reviewStatus}`)}</span></td>
                    <td>{s.profile ? t(`report.profile.${s.profile}` as 'report.profile.valuable') : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <nav class="pager" aria-label={t('staff.pager')}>
        <button type="button" class="secondary" disabled={state.page === 0} onClick={() => setState((s) => ({ ...s, page: s.page - 1 }))}>{t('staff.pager.previous')}</button>
        <span>{t('staff.pager.page', { n: state.page + 1, total: pages })}</span>
        <button type="button" class="secondary" disabled={state.page + 1 >= pages} onClick={() => setState((s) => ({ ...s, page: s.page + 1 }))}>{t('staff.pager.next')}</button>
      </nav>
    </section>
  );
}

/** The day only, on one line (staff #7): the time is in the submission's own page. */
const formatDay = (iso: string, l: 'nl' | 'en') => new Intl.DateTimeFormat(l === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));

function Settings({ programme, onSaved }: { programme: ProgrammeDetail; onSaved: () => void }) {
  const [name, setName] = useState(programme.name);
  const [deadline, setDeadline] = useState(deadlineToInput(programme.deadline));
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await staffApi.updateProgramme(programme.id, { name: name.trim(), deadline: deadlineFromInput(deadline) });
      setMessage({ ok: true, text: t('staff.saved') });
      onSaved();
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    }
  };
  return (
    <form class="form-grid" onSubmit={save} noValidate aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('staff.programme.settings')}</h2>
      <div>
        <label for="settings-name">{t('staff.programme.name')}</label>
        <input id="settings-name" type="text" maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div>
        <label for="settings-deadline">{t('staff.programme.deadline')}</label>
        <input id="settings-deadline" type="datetime-local" value={deadline} onInput={(e) => setDeadline(e.currentTarget.value)} />
      </div>
      {message && <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'success' : 'error'}>{message.text}</p>}
      <div><button type="submit">{t('staff.save')}</button></div>
    </form>
  );
}

function People({ programme, user, onChanged }: { programme: ProgrammeDetail; user: StaffUser; onChanged: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('assessor');
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<{ email: string; link: PasswordLink } | null>(null);
  const manages = user.role === 'admin' || user.role === 'manager';

  const assign = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const res = await staffApi.assign(programme.id, email.trim(), role);
      setLink(res.link ? { email: res.user.email, link: res.link } : null);
      setEmail('');
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const remove = async (member: StaffUser) => {
    setError(null);
    try {
      await staffApi.unassign(programme.id, member.id);
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading">{t('staff.people')}</h2>
      <ul>
        {programme.members.map((m) => (
          <li key={m.id}>
            {m.name ? `${m.name} · ` : ''}{m.email} ({t(`staff.role.${m.role}`)}){!m.active && ` · ${t('staff.users.invited')}`}
            {manages && (user.role === 'admin' || m.role === 'assessor') && (
              <> <button type="button" class="link-button" onClick={() => remove(m)}>{t('staff.people.remove')}<span class="visually-hidden"> ({m.email})</span></button></>
            )}
          </li>
        ))}
        {programme.members.length === 0 && <li>{t('staff.people.none')}</li>}
      </ul>
      {link && <StaffLink id="invite-link" label={t('staff.users.linkFor', { email: link.email })} path={link.link.setPasswordPath} hint={t('staff.users.linkHint')} />}
      {manages && (
        <form class="form-grid" onSubmit={assign} noValidate aria-labelledby="assign-heading">
          <h3 id="assign-heading">{t('staff.people.assign')}</h3>
          {user.role !== 'admin' && <p class="hint">{t('staff.people.managerHint')}</p>}
          <div>
            <label for="assign-email">{t('staff.email')}</label>
            <input id="assign-email" type="email" autocomplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </div>
          <div>
            <label for="assign-role">{t('staff.role')}</label>
            <select id="assign-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              <option value="assessor">{t('staff.role.assessor')}</option>
              {user.role === 'admin' && <option value="manager">{t('staff.role.manager')}</option>}
            </select>
          </div>
          {error && <p role="alert" class="error">{error}</p>}
          <div><button type="submit">{t('staff.people.assignSubmit')}</button></div>
        </form>
      )}
    </section>
  );
}

function Programme({ id, user }: { id: string; user: StaffUser }) {
  const [programme, setProgramme] = useState<ProgrammeDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => staffApi.programme(id).then(setProgramme, (err) => setError(errorText(err)));
  useEffect(() => { load(); }, [id]);

  if (error) return <section><h1>{t('staff.programme')}</h1><p role="alert" class="error">{error}</p><a href="/staff">{t('staff.programmes')}</a></section>;
  if (!programme) return <p aria-busy="true">{t('app.loading')}</p>;
  const manages = user.role === 'admin' || user.role === 'manager';
  return (
    <section>
      <p class="eyebrow">{t(`staff.kind.${programme.kind}`)}</p>
      <h1>{programme.name}</h1>
      <p class="meta">
        {t('staff.programme.areasList', { areas: areaList(programme.areas) })} · {t('staff.programme.deadlineIs', { date: formatDate(programme.deadline, locale.value) })}
        {!programme.open && <> <span class="state-badge">{t(programme.archived ? 'accounts.archived' : 'accounts.closed')}</span></>}
      </p>
      {!programme.open && <p class="notice">{t(programme.archived ? 'accounts.archivedNotice' : 'accounts.closedNotice')}</p>}
      <StaffLink id="join-link" label={t('staff.programme.joinLink')} path={programme.joinPath} hint={t('staff.programme.joinHint', { code: programme.joinCode })} />
      <p>{t('staff.programme.code')}: <strong class="join-code">{programme.joinCode}</strong></p>
      {manages && (
        <p class="actions-row">
          <a href={`/staff/programmes/${programme.id}/cohort`}>{t('cohort.link')}</a>{' '}
          <a href={`/staff/programmes/${programme.id}/integration`}>{t('cohort.integrationLink')}</a>
        </p>
      )}
      <Submissions programme={programme} />
      <People programme={programme} user={user} onChanged={load} />
      {manages && <Settings programme={programme} onSaved={load} />}
      {manages && <DecisionSettings programme={programme} onSaved={load} />}
    </section>
  );
}

export default function ProgrammePage({ id }: { id: string }) {
  return <StaffShell>{(user) => <Programme id={id} user={user} />}</StaffShell>;
}
