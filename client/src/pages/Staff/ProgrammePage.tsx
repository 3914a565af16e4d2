import { useMessage, type Say } from '../../logic/message.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client.js';
import { staffApi, type MailOutcome, type PasswordLink, type ProgrammeDetail, type Role, type StaffUser, type SubmissionSummary } from '../../api/staff.js';
import { ConfirmDialog, type ConfirmRequest } from '../../components/ConfirmDialog/ConfirmDialog.js';
import { Pager } from '../../components/Pager/Pager.js';
import { StaffLink } from '../../components/StaffLink/StaffLink.js';
import { StaffShell } from '../../components/StaffShell/StaffShell.js';
import { DecisionSettings } from './Decision/DecisionSettings.js';
import { ProgrammeIntake } from './ProgrammeIntake.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.integration.js';
import '../../i18n/messages.attempts.js';
import { listFromUrl, listToUrl } from '../../logic/list-url.js';
import '../../i18n/messages.staff.js';
import '../../i18n/messages.accounts.js';
import '../../i18n/messages.progui.js';
import { areaLabel, areaList } from '../../logic/areas.js';
import { useAreas } from './StaffHome.js';
import { errorText } from '../../logic/errors.js';
import { useBusy } from '../../logic/busy.js';
import { useDebounced } from '../../logic/debounce.js';
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

/** What the programme page's actions share: a confirmation step and one live region for what was done. */
interface Feedback {
  ask: (request: ConfirmRequest) => void;
  announce: (say: Say) => void;
}

function Submissions({ programme, onRemove }: { programme: ProgrammeDetail; onRemove?: (s: SubmissionSummary, after: () => void) => void }) {
  // The list's state lives in the address (staff #13): Back from a submission returns to the same view.
  const [state, setState] = useState<ListState>(() => listFromUrl(location.search));
  const [search, setSearch] = useState(state.q);
  const [data, setData] = useState<{ items: SubmissionSummary[]; total: number } | null>(null);
  const [error, setError] = useMessage();
  const [scrolls, setScrolls] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // replaceState: a filter change is no new page, so Back still leaves the list in one step.
    const url = `${location.pathname}${listToUrl(state)}`;
    if (url !== `${location.pathname}${location.search}`) history.replaceState(history.state, '', url);
    // Only the answer for the list as it is now counts: typing on, or filtering, while an earlier
    // request is still out would otherwise let that earlier list land last and stay under the new filter.
    let current = true;
    staffApi.submissions(programme.id, submissionQuery(state)).then(
      (d) => { if (current) { setData(d); setError(null); } },
      (err) => { if (current) setError(() => errorText(err)); },
    );
    return () => { current = false; };
  }, [programme.id, state]);

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    window.addEventListener('resize', check);
    return () => window.removeEventListener('resize', check);
  }, [data]);

  const searchFor = useDebounced((q: string) => setState((s) => ({ ...s, q, page: 0 })));
  const onSearch = (value: string) => {
    setSearch(value);
    searchFor(value);
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
                  {onRemove && <th scope="col">{t('staff.users.actions')}</th>}
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
                    {onRemove && (
                      <td>
                        {/* Staff #23: taken off at the startup's request, e.g. after the deadline when it cannot withdraw itself. */}
                        <button type="button" class="secondary remove-submission" title={t('accounts.removeSubmission')}
                          onClick={() => onRemove(s, () => setState((x) => ({ ...x })))}>
                          {t('progui.removeShort')}<span class="visually-hidden"> ({s.name})</span>
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <Pager page={state.page} pages={pages} onPage={(page) => setState((s) => ({ ...s, page }))} />
    </section>
  );
}

/** The day only, on one line (staff #7): the time is in the submission's own page. */
const formatDay = (iso: string, l: 'nl' | 'en') => new Intl.DateTimeFormat(l === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(iso));

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const codeOf = (err: unknown) => (err instanceof ApiError ? err.code : undefined);

function Settings({ programme, onSaved, ask, announce }: { programme: ProgrammeDetail; onSaved: () => void } & Feedback) {
  const offered = useAreas();
  const [name, setName] = useState(programme.name);
  const [kind, setKind] = useState(programme.kind);
  const [areas, setAreas] = useState<string[]>(programme.areas);
  const [deadline, setDeadline] = useState(deadlineToInput(programme.deadline));
  const [error, setError] = useMessage();
  // Staff #23: what startups shared under stays fixed; the server has the last word (it may have changed meanwhile).
  const locked = programme.submissionCount > 0;
  const choices = [...new Set([...offered.map((q) => q.area), ...programme.areas])];

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!name.trim()) return setError(() => t('staff.programme.nameMissing'));
    if (!areas.length) return setError(() => t('staff.programme.areasMissing'));
    // Only what changed goes out, so a closed programme can be renamed without touching its deadline.
    const changes: Parameters<typeof staffApi.updateProgramme>[1] = {};
    if (name.trim() !== programme.name) changes.name = name.trim();
    if (kind !== programme.kind) changes.kind = kind;
    if (!sameSet(areas, programme.areas)) changes.areas = areas;
    if (deadline !== deadlineToInput(programme.deadline)) changes.deadline = deadlineFromInput(deadline);
    const send = async (allowPastDeadline: boolean): Promise<void> => {
      try {
        if (Object.keys(changes).length) await staffApi.updateProgramme(programme.id, allowPastDeadline ? { ...changes, allowPastDeadline } : changes);
        announce(() => t('staff.saved'));
        onSaved();
      } catch (err) {
        if (!allowPastDeadline && codeOf(err) === 'deadline-in-past') return askPast();
        setError(() => errorText(err));
      }
    };
    const askPast = (): void => ask({ text: t('accounts.confirm.pastDeadline'), run: () => send(true) });
    if (changes.deadline && new Date(changes.deadline).getTime() <= Date.now()) return askPast();
    await send(false);
  };
  return (
    <form class="form-grid" onSubmit={save} noValidate aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('staff.programme.settings')}</h2>
      <div>
        <label for="settings-name">{t('staff.programme.name')}</label>
        <input id="settings-name" type="text" maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      {locked && <p id="settings-locked" class="hint">{t('accounts.areasLocked')}</p>}
      <div>
        <label for="settings-kind">{t('staff.programme.kind')}</label>
        <select id="settings-kind" value={kind} disabled={locked} aria-describedby={locked ? 'settings-locked' : undefined}
          onChange={(e) => setKind(e.currentTarget.value as ProgrammeDetail['kind'])}>
          <option value="subsidy">{t('staff.kind.subsidy')}</option>
          <option value="cohort">{t('staff.kind.cohort')}</option>
        </select>
      </div>
      <fieldset disabled={locked} aria-describedby={locked ? 'settings-locked' : undefined}>
        <legend>{t('staff.programme.areas')}</legend>
        {choices.map((a) => (
          <label key={a} class="checkbox">
            <input type="checkbox" name="settings-area" value={a} checked={areas.includes(a)}
              onChange={(e) => setAreas(e.currentTarget.checked ? [...areas, a] : areas.filter((x) => x !== a))} />
            {areaLabel(a)}
          </label>
        ))}
      </fieldset>
      <div>
        <label for="settings-deadline">{t('staff.programme.deadline')}</label>
        <input id="settings-deadline" type="datetime-local" value={deadline} onInput={(e) => setDeadline(e.currentTarget.value)} />
      </div>
      {error && <p role="alert" class="error" id="settings-error">{error}</p>}
      <div><button type="submit">{t('staff.save')}</button></div>
    </form>
  );
}

/** Archive or un-archive (staff #23), each after a confirmation. */
function Lifecycle({ programme, onSaved, ask, announce }: { programme: ProgrammeDetail; onSaved: () => void } & Feedback) {
  const [error, setError] = useMessage();
  const archived = programme.archived;
  const toggle = () => ask({
    text: t(archived ? 'progui.confirm.unarchive' : 'accounts.confirm.archive'),
    run: async () => {
      setError(null);
      try {
        await staffApi.updateProgramme(programme.id, { archived: !archived });
        announce(() => t(archived ? 'accounts.done.unarchived' : 'accounts.done.archived'));
        onSaved();
      } catch (err) {
        setError(() => errorText(err));
      }
    },
  });
  return (
    <section aria-labelledby="lifecycle-heading">
      <h2 id="lifecycle-heading">{t('progui.lifecycle')}</h2>
      <p class="hint">{t('progui.archiveHint')}</p>
      {error && <p role="alert" class="error">{error}</p>}
      <button type="button" class="secondary" onClick={toggle}>{t(archived ? 'accounts.unarchive' : 'accounts.archive')}</button>
    </section>
  );
}

function People({ programme, user, onChanged, ask, announce }: { programme: ProgrammeDetail; user: StaffUser; onChanged: () => void } & Feedback) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('assessor');
  const [error, setError] = useMessage();
  const [link, setLink] = useState<{ email: string; link: PasswordLink } | null>(null);
  // Nothing about people changes on an archived programme (the server answers programme-archived).
  const manages = (user.role === 'admin' || user.role === 'manager') && !programme.archived;
  const mayHandle = (m: StaffUser) => manages && (user.role === 'admin' || m.role === 'assessor');

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(() => errorText(err));
    }
  };
  const mailNote = (who: string, mail: MailOutcome | undefined) =>
    mail && mail.state === 'queued' ? t('progui.reinvited', { email: who })
      : mail && mail.state === 'outbox' ? t('accounts.links.outboxOnly', { email: who })
      : t('progui.reinvitedNotMailed', { email: who });
  // A second click while the first is on its way would invite a new person again: a second mail,
  // whose new link makes the first mail's link dead.
  const [assigning, once] = useBusy();
  const assign = (e: Event) => {
    e.preventDefault();
    void once(() => run(async () => {
      const res = await staffApi.assign(programme.id, email.trim(), role, name.trim() || undefined);
      setLink(res.link ? { email: res.user.email, link: res.link } : null);
      announce(() => res.reissued ? mailNote(res.user.email, res.mail) : t('staff.saved'));
      setEmail('');
      setName('');
      onChanged();
    }));
  };
  // Staff #10: an invitation that got lost is sent again from here, and the page says whether it was mailed.
  const reinvite = (m: StaffUser) => run(async () => {
    const res = await staffApi.reinvite(programme.id, m.id);
    setLink(res.link ? { email: m.email, link: res.link } : null);
    announce(() => mailNote(m.email, res.mail));
  });
  // Staff #12: taking someone off is confirmed first and reported after.
  const remove = (m: StaffUser) => ask({
    text: t('accounts.confirm.remove', { email: m.email }),
    run: () => run(async () => {
      await staffApi.unassign(programme.id, m.id);
      announce(() => t('accounts.done.removed', { email: m.email }));
      onChanged();
    }),
  });

  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading">{t('staff.people')}</h2>
      <ul class="people-list">
        {programme.members.map((m) => (
          <li key={m.id}>
            <span class="person">{m.name ? `${m.name} · ` : ''}{m.email} ({t(`staff.role.${m.role}`)}){!m.active && ` · ${t('staff.users.invited')}`}</span>
            {mayHandle(m) && (
              <span class="cell-actions">
                {!m.active && !m.disabled && (
                  <button type="button" class="link-button" onClick={() => reinvite(m)}>{t('accounts.reinvite')}<span class="visually-hidden"> ({m.email})</span></button>
                )}
                <button type="button" class="link-button" onClick={() => remove(m)}>{t('staff.people.remove')}<span class="visually-hidden"> ({m.email})</span></button>
              </span>
            )}
          </li>
        ))}
        {programme.members.length === 0 && <li>{t('staff.people.none')}</li>}
      </ul>
      {error && <p role="alert" class="error">{error}</p>}
      {link && <StaffLink id="invite-link" label={t('staff.users.linkFor', { email: link.email })} path={link.link.setPasswordPath} hint={t('staff.users.linkHint')} />}
      {manages && (
        <form class="form-grid" onSubmit={assign} noValidate aria-labelledby="assign-heading">
          <h3 id="assign-heading">{t('staff.people.assign')}</h3>
          {user.role !== 'admin' && <p class="hint">{t('staff.people.managerHint')}</p>}
          <div>
            <label for="assign-email">{t('staff.email')}</label>
            <input id="assign-email" type="email" autocomplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </div>
          {user.role === 'admin' && (
            <div>
              <label for="assign-name">{t('progui.nameOptional')}</label>
              <input id="assign-name" type="text" autocomplete="off" maxLength={120} value={name} onInput={(e) => setName(e.currentTarget.value)} />
            </div>
          )}
          <div>
            <label for="assign-role">{t('staff.role')}</label>
            <select id="assign-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
              <option value="assessor">{t('staff.role.assessor')}</option>
              {user.role === 'admin' && <option value="manager">{t('staff.role.manager')}</option>}
            </select>
          </div>
          <div><button type="submit" disabled={assigning} aria-busy={assigning}>{t('staff.people.assignSubmit')}</button></div>
        </form>
      )}
    </section>
  );
}

function Programme({ id, user }: { id: string; user: StaffUser }) {
  const [programme, setProgramme] = useState<ProgrammeDetail | null>(null);
  const [error, setError] = useMessage();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [done, setDone] = useMessage();
  const load = () => staffApi.programme(id).then(setProgramme, (err) => setError(() => errorText(err)));
  useEffect(() => { load(); }, [id]);

  if (error) return <section><h1>{t('staff.programme')}</h1><p role="alert" class="error">{error}</p><a href="/staff">{t('staff.programmes')}</a></section>;
  if (!programme) return <p aria-busy="true">{t('app.loading')}</p>;
  const manages = user.role === 'admin' || user.role === 'manager';
  const feedback: Feedback = { ask: (r) => { setDone(null); setConfirm(r); }, announce: setDone };
  const removeSubmission = (s: SubmissionSummary, after: () => void) => feedback.ask({
    text: t('accounts.confirm.removeSubmission', { name: s.name }),
    run: async () => {
      try {
        await staffApi.removeSubmission(programme.id, s.id);
        setDone(() => t('accounts.done.submissionRemoved'));
        after();
        load();
      } catch (err) {
        setDone(() => errorText(err));
      }
    },
  });
  return (
    <section>
      <p class="eyebrow">{t(`staff.kind.${programme.kind}`)}</p>
      <h1>{programme.name}</h1>
      <p class="meta">
        {t('staff.programme.areasList', { areas: areaList(programme.areas) })} · {t('staff.programme.deadlineIs', { date: formatDate(programme.deadline, locale.value) })}
        {!programme.open && <> <span class="state-badge">{t(programme.archived ? 'accounts.archived' : 'accounts.closed')}</span></>}
      </p>
      {!programme.open && <p class="notice">{t(programme.archived ? 'accounts.archivedNotice' : 'accounts.closedNotice')}</p>}
      {/* One live region for every action on this page, so each outcome is heard once. */}
      <p role="status" aria-live="polite" class="success" id="programme-done">{done}</p>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      <StaffLink id="join-link" label={t('staff.programme.joinLink')} path={programme.joinPath} hint={t('staff.programme.joinHint', { code: programme.joinCode })} />
      <p>{t('staff.programme.code')}: <strong class="join-code">{programme.joinCode}</strong></p>
      {manages && (
        <p class="actions-row">
          <a href={`/staff/programmes/${programme.id}/cohort`}>{t('cohort.link')}</a>{' '}
          <a href={`/staff/programmes/${programme.id}/integration`}>{t('cohort.integrationLink')}</a>
        </p>
      )}
      <Submissions programme={programme} onRemove={manages && !programme.archived ? removeSubmission : undefined} />
      <People programme={programme} user={user} onChanged={load} {...feedback} />
      {manages && !programme.archived && <Settings programme={programme} onSaved={load} {...feedback} />}
      {manages && !programme.archived && <DecisionSettings programme={programme} onSaved={load} />}
      {manages && !programme.archived && <ProgrammeIntake programme={programme} announce={feedback.announce} />}
      {manages && <Lifecycle programme={programme} onSaved={load} {...feedback} />}
    </section>
  );
}

export default function ProgrammePage({ id }: { id: string }) {
  return <StaffShell>{(user) => <Programme id={id} user={user} />}</StaffShell>;
}
