import { useMessage } from '../../logic/message.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type QuestionnaireSummary } from '../../api/client.js';
import { staffApi, type Programme, type StaffUser } from '../../api/staff.js';
import { ConfirmDialog, type ConfirmRequest } from '../../components/ConfirmDialog/ConfirmDialog.js';
import { StaffShell } from '../../components/StaffShell/StaffShell.js';
import { ApiError } from '../../api/client.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.staff.js';
import '../../i18n/messages.accounts.js';
import '../../i18n/messages.editor.js';
import { areaLabel, areaList } from '../../logic/areas.js';
import { errorText } from '../../logic/errors.js';
import { useBusy } from '../../logic/busy.js';
import { deadlineFromInput, formatDate } from '../../logic/staff.js';

/** Areas offered by the questionnaires, each with a title. */
export function useAreas() {
  const [areas, setAreas] = useState<QuestionnaireSummary[]>([]);
  useEffect(() => {
    api.questionnaires().then((list) => setAreas(list.filter((q, i) => list.findIndex((x) => x.area === q.area) === i)), () => setAreas([]));
  }, []);
  return areas;
}

function CreateProgramme({ onCreated }: { onCreated: (p: Programme) => void }) {
  const areas = useAreas();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'subsidy' | 'cohort'>('subsidy');
  const [chosen, setChosen] = useState<string[]>([]);
  const [deadline, setDeadline] = useState('');
  const [error, setError] = useMessage();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  // A second click while the first is on its way would create the programme twice.
  const [busy, once] = useBusy();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    if (!name.trim()) return setError(() => t('staff.programme.nameMissing'));
    if (!chosen.length) return setError(() => t('staff.programme.areasMissing'));
    const at = deadlineFromInput(deadline);
    // Staff #23: a deadline in the past closes sharing at once, so it is set only after a confirmation.
    const askPast = (): void => setConfirm({ text: t('accounts.confirm.pastDeadline'), run: () => create(true) });
    if (at && new Date(at).getTime() <= Date.now()) return askPast();
    await create(false);
  };
  const create = (allowPastDeadline: boolean): Promise<void> => once(async () => {
    const at = deadlineFromInput(deadline);
    try {
      const p = await staffApi.createProgramme({ name: name.trim(), kind, areas: chosen, deadline: at, ...(allowPastDeadline ? { allowPastDeadline } : {}) });
      setName('');
      setChosen([]);
      setDeadline('');
      setError(null);
      onCreated(p);
    } catch (err) {
      if (!allowPastDeadline && err instanceof ApiError && err.code === 'deadline-in-past') {
        setConfirm({ text: t('accounts.confirm.pastDeadline'), run: () => create(true) });
        return;
      }
      setError(() => errorText(err));
    }
  });

  return (
    <form class="form-grid" onSubmit={submit} noValidate aria-labelledby="create-heading">
      <h2 id="create-heading">{t('staff.programme.create')}</h2>
      <div>
        <label for="programme-name">{t('staff.programme.name')}</label>
        <input id="programme-name" type="text" maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </div>
      <div>
        <label for="programme-kind">{t('staff.programme.kind')}</label>
        <select id="programme-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as 'subsidy' | 'cohort')}>
          <option value="subsidy">{t('staff.kind.subsidy')}</option>
          <option value="cohort">{t('staff.kind.cohort')}</option>
        </select>
      </div>
      <fieldset>
        <legend>{t('staff.programme.areas')}</legend>
        {areas.map((q) => (
          <label key={q.area} class="checkbox">
            <input type="checkbox" value={q.area} checked={chosen.includes(q.area)}
              onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, q.area] : chosen.filter((a) => a !== q.area))} />
            {areaLabel(q.area)}
          </label>
        ))}
      </fieldset>
      <div>
        <label for="programme-deadline">{t('staff.programme.deadline')}</label>
        <input id="programme-deadline" type="datetime-local" value={deadline} aria-describedby="deadline-hint" onInput={(e) => setDeadline(e.currentTarget.value)} />
        <p id="deadline-hint" class="hint">{t('staff.programme.deadlineHint')}</p>
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      <div><button type="submit" disabled={busy} aria-busy={busy}>{t('staff.programme.createSubmit')}</button></div>
    </form>
  );
}

function Programmes({ user }: { user: StaffUser }) {
  const [list, setList] = useState<Programme[] | null>(null);
  const [error, setError] = useMessage();
  const [created, setCreated] = useState<Programme | null>(null);
  // Archived programmes leave the list, but stay reachable to be looked at or taken out of the archive.
  const [archived, setArchived] = useState(false);
  // Only the newest request's answer is shown: ticking and unticking "show archived" quickly could
  // otherwise leave the list with the archive in it under an unticked box.
  const latest = useRef(0);
  const load = () => {
    const mine = ++latest.current;
    return staffApi.programmes(archived).then(
      (l) => { if (mine === latest.current) { setList(l); setError(null); } },
      (err) => { if (mine === latest.current) setError(() => errorText(err)); },
    );
  };
  useEffect(() => { load(); }, [archived]);

  return (
    <section>
      <h1>{t('staff.programmes')}</h1>
      {error && <p role="alert" class="error">{error}</p>}
      {/* On the page before it fills, so that screen readers read it out. */}
      <p role="status" class={created ? 'notice' : undefined}>
        {created && <>{t('staff.programme.created', { name: created.name })} <a href={`/staff/programmes/${created.id}`}>{t('staff.programme.open')}</a></>}
      </p>
      <label class="checkbox">
        <input type="checkbox" id="show-archived" checked={archived} onChange={(e) => setArchived(e.currentTarget.checked)} /> {t('accounts.showArchived')}
      </label>
      {list === null && !error && <p aria-busy="true">{t('app.loading')}</p>}
      {list?.length === 0 && <p>{t(user.role === 'admin' ? 'staff.programme.noneAdmin' : 'staff.programme.none')}</p>}
      {!!list?.length && (
        <div class="table-wrap">
          <table class="data-table">
            <caption class="visually-hidden">{t('staff.programmes')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.programme.name')}</th>
                <th scope="col">{t('staff.programme.kind')}</th>
                <th scope="col">{t('staff.programme.areas')}</th>
                <th scope="col">{t('staff.programme.deadline')}</th>
                <th scope="col" class="num">{t('staff.programme.submissions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id}>
                  <td><a href={`/staff/programmes/${p.id}`}>{p.name}</a></td>
                  <td>{t(`staff.kind.${p.kind}`)}</td>
                  <td>{areaList(p.areas)}</td>
                  <td>{formatDate(p.deadline, locale.value)}{!p.open && <> <span class="state-badge">{t(p.archived ? 'accounts.archived' : 'accounts.closed')}</span></>}</td>
                  <td class="num">{p.submissionCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {user.role === 'admin' && <CreateProgramme onCreated={(p) => { setCreated(p); load(); }} />}
    </section>
  );
}

export default function StaffHome() {
  return (
    <StaffShell>{(user) => (
      <>
        {(user.role === 'editor' || user.role === 'admin') && <p class="editor-link"><a href="/staff/content">{t('editor.nav')}</a></p>}
        <Programmes user={user} />
      </>
    )}</StaffShell>
  );
}
