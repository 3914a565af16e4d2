// /staff/content: every questionnaire version (editors and administrators), a new draft from any of
// them, or a new questionnaire for a new area.
import { useMessage, type Say } from '../../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { editorApi, type Version } from '../../../api/editor.js';
import type { StaffUser } from '../../../api/staff.js';
import { StaffShell } from '../../../components/StaffShell/StaffShell.js';
import { locale, t } from '../../../i18n/i18n.js';
import '../../../i18n/messages.editor.js';
import { errorText } from '../../../logic/errors.js';
import { useBusy } from '../../../logic/busy.js';
import { formatDate } from '../../../logic/staff.js';
import '../../../components/Editor/editor.css';

export const canEdit = (user: StaffUser) => user.role === 'editor' || user.role === 'admin';
export const versionPath = (v: Version) => (v.status === 'draft' ? `/staff/content/${v.id}` : `/staff/content/${v.id}/review`);

function NewQuestionnaire({ onError }: { onError: (say: Say | null) => void }) {
  const { route } = useLocation();
  const [id, setId] = useState('');
  const [area, setArea] = useState('');
  // A second click while the first is on its way would make a second draft, left behind in the list.
  const [busy, once] = useBusy();
  const submit = (e: Event) => {
    e.preventDefault();
    void once(async () => {
      try {
        const r = await editorApi.create({ questionnaireId: id.trim(), ...(area.trim() ? { area: area.trim() } : {}) });
        route(`/staff/content/${r.version.id}`);
      } catch (err) {
        onError(() => errorText(err));
      }
    });
  };
  return (
    <form class="form-grid" onSubmit={submit} aria-labelledby="new-q-heading">
      <h2 id="new-q-heading">{t('editor.list.newQuestionnaire')}</h2>
      <div>
        <label for="new-q-id">{t('editor.field.id')}</label>
        <input id="new-q-id" type="text" required pattern="[a-z0-9][a-z0-9-]*" maxLength={80} aria-describedby="new-q-hint" value={id} onInput={(e) => setId(e.currentTarget.value)} />
        <p id="new-q-hint" class="hint">{t('editor.list.idHint')}</p>
      </div>
      <div>
        <label for="new-q-area">{t('editor.field.area')}</label>
        <input id="new-q-area" type="text" required pattern="[a-z0-9][a-z0-9-]*" maxLength={80} value={area} onInput={(e) => setArea(e.currentTarget.value)} />
      </div>
      <div><button type="submit" disabled={busy} aria-busy={busy}>{t('editor.list.create')}</button></div>
    </form>
  );
}

function Versions() {
  const { route } = useLocation();
  const [list, setList] = useState<Version[] | null>(null);
  const [error, setError] = useMessage();
  useEffect(() => { editorApi.versions().then(setList, (err) => setError(() => errorText(err))); }, []);
  // As for a new questionnaire: one draft per click, not one per click that lands while waiting.
  const [busy, once] = useBusy<string>();
  const draftFrom = (v: Version) => once(async () => {
    try {
      const r = await editorApi.create({ from: v.id });
      route(`/staff/content/${r.version.id}`);
    } catch (err) {
      setError(() => errorText(err));
    }
  }, v.id);
  return (
    <section class="editor-page">
      <h1>{t('editor.list.title')}</h1>
      {error && <p role="alert" class="error">{error}</p>}
      {list === null && !error && <p aria-busy="true">{t('app.loading')}</p>}
      {!!list?.length && (
        <div class="table-wrap">
          <table class="data-table versions-table">
            <caption class="visually-hidden">{t('editor.list.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('editor.list.questionnaire')}</th>
                <th scope="col">{t('editor.field.area')}</th>
                <th scope="col">{t('editor.list.version')}</th>
                <th scope="col">{t('editor.list.status')}</th>
                <th scope="col">{t('editor.list.changed')}</th>
                <th scope="col"><span class="visually-hidden">{t('editor.list.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.id}>
                  <td data-label={t('editor.list.questionnaire')}><a href={versionPath(v)}>{v.questionnaireId}</a></td>
                  <td data-label={t('editor.field.area')}>{v.area}</td>
                  <td data-label={t('editor.list.version')}>{v.version || '–'}</td>
                  <td data-label={t('editor.list.status')}><span class="status-badge">{t(`editor.status.${v.status}`)}{v.status === 'in_review' && v.approvedBy ? ` · ${t('editor.status.approved')}` : ''}</span></td>
                  <td data-label={t('editor.list.changed')}>{formatDate(v.updatedAt, locale.value)}</td>
                  <td>
                    <button type="button" class="secondary" disabled={!!busy} aria-busy={busy === v.id} onClick={() => draftFrom(v)}>
                      {t('editor.list.draftFrom')}<span class="visually-hidden"> ({v.questionnaireId} {v.version || t('editor.status.draft')})</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list?.length === 0 && <p>{t('editor.list.none')}</p>}
      <NewQuestionnaire onError={setError} />
    </section>
  );
}

export function EditorOnly({ children }: { children: (user: StaffUser) => preact.ComponentChildren }) {
  return <StaffShell>{(user) => (canEdit(user) ? children(user) : <section><h1>{t('editor.list.title')}</h1><p role="alert" class="error">{t('editor.forbidden')}</p></section>)}</StaffShell>;
}

export default function ContentPage() {
  return <EditorOnly>{() => <Versions />}</EditorOnly>;
}
