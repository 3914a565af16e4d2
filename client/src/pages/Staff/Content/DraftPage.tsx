// /staff/content/:id: the draft editor. Structure tree, the form of the selected node with each
// validation fault at its field, debounced autosave (a conflict stops it and offers a reload), and the
// respondent's preview with a scoring sandbox.
import { useMessage } from '../../../logic/message.js';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { Questionnaire, ValueDefinition } from '../../../../../core/types.js';
import { ApiError } from '../../../api/client.js';
import { editorApi, editorCatalogue, type CatalogueEntry, type Fault, type Version } from '../../../api/editor.js';
import { NodeForm } from '../../../components/Editor/NodeForm.js';
import { Preview } from '../../../components/Editor/Preview.js';
import { Tree } from '../../../components/Editor/Tree.js';
import { t } from '../../../i18n/i18n.js';
import '../../../i18n/messages.editor.js';
import { createDraftAutosave, type DraftSaveState } from '../../../logic/editor/autosave.js';
import { placeFaults } from '../../../logic/editor/pointer.js';
import { pointerOf, TOP, type NodeRef } from '../../../logic/editor/tree.js';
import { errorText } from '../../../logic/errors.js';
import { useLeaveWarning } from '../../../logic/leave-warning.js';
import { EditorOnly } from './ContentPage.js';

const AUTOSAVE_MS = 800;
const isConflict = (err: unknown) => err instanceof ApiError && (err.code === 'draft-conflict' || err.code === 'version-not-draft');

function Editor({ id }: { id: string }) {
  const [version, setVersion] = useState<Version | null>(null);
  const [doc, setDoc] = useState<Questionnaire | null>(null);
  const [faults, setFaults] = useState<Fault[]>([]);
  const [selected, setSelected] = useState<NodeRef>(TOP);
  const [state, setState] = useState<DraftSaveState>('saved');
  const [saveError, setSaveError] = useMessage();
  const [error, setError] = useMessage();
  const [catalogue, setCatalogue] = useState<{ values: CatalogueEntry[]; instruments: CatalogueEntry[] }>({ values: [], instruments: [] });
  const saver = useRef<ReturnType<typeof createDraftAutosave<Questionnaire>> | null>(null);

  const load = async () => {
    setError(null);
    try {
      const r = await editorApi.version(id);
      setVersion(r.version);
      setDoc(r.document);
      setState('saved');
      setSaveError(null);
      saver.current = createDraftAutosave<Questionnaire>({
        delayMs: AUTOSAVE_MS, revision: r.version.revision, isConflict,
        send: async (d, revision) => {
          const saved = await editorApi.save(id, d, revision);
          setFaults(saved.faults);
          setVersion(saved.version);
          return saved.version.revision;
        },
        onState: (s, err) => { setState(s); setSaveError(err ? () => errorText(err) : null); },
      });
      if (r.version.status === 'draft') setFaults((await editorApi.validate(r.document)).faults);
    } catch (err) {
      setError(() => errorText(err));
    }
  };
  useEffect(() => { void load(); editorCatalogue().then(setCatalogue, () => {}); }, [id]);
  // A change waiting for its autosave, or one that failed, is lost by leaving: ask first.
  useLeaveWarning(() => saver.current?.hasPending() ?? false, () => t('editor.unsavedLeave'));

  const { placed, unplaced } = useMemo(() => (doc ? placeFaults(doc, faults) : { placed: [], unplaced: [] }), [doc, faults]);
  // Faults the form has no field for: listed at the top, each with a way to the node it concerns.
  const nodeLevel = placed.filter((f) => f.field === null);
  const faultCount = (ref: NodeRef) => placed.filter((f) => pointerOf(f.node) === pointerOf(ref)).length;

  if (error) return <section class="editor-page"><h1>{t('editor.draft.title')}</h1><p role="alert" class="error">{error}</p></section>;
  if (!doc || !version) return <p aria-busy="true">{t('app.loading')}</p>;
  const readOnly = version.status !== 'draft';
  const change = (next: Questionnaire, ref?: NodeRef) => {
    if (readOnly || state === 'conflict') return;
    setDoc(next);
    if (ref) setSelected(ref);
    saver.current?.change(next);
  };

  return (
    <section class="editor-page">
      <h1>{t('editor.draft.heading', { id: doc.id })}</h1>
      <p class="editor-links">
        <a href="/staff/content">{t('editor.list.back')}</a> · <a href={`/staff/content/${id}/review`}>{t('editor.review.link')}</a>
      </p>
      {readOnly && <p role="status" class="notice">{t('editor.draft.readOnly', { status: t(`editor.status.${version.status}`) })}</p>}
      <div class="editor-status">
        <p class="save-status" role="status" aria-live="polite" data-state={state}>
          {state === 'saved' && t('editor.save.saved')}
          {state === 'pending' && t('editor.save.pending')}
          {state === 'saving' && t('editor.save.saving')}
          {state === 'error' && <>{t('editor.save.error', { message: saveError ?? '' })} <button type="button" class="link-button" onClick={() => saver.current?.flush()}>{t('editor.save.retry')}</button></>}
        </p>
        <p class="fault-total" data-testid="fault-total">{t('editor.faultTotal', { n: faults.length })}</p>
      </div>
      {state === 'conflict' && (
        <div role="alert" class="error conflict">
          <p>{t('editor.conflict')}</p>
          <button type="button" onClick={() => void load()}>{t('editor.conflict.reload')}</button>
        </div>
      )}
      {(unplaced.length > 0 || nodeLevel.length > 0) && (
        <div class="unplaced-faults">
          <h2>{t('editor.faults.other')}</h2>
          <ul>
            {nodeLevel.map((f) => (
              <li key={f.pointer + f.message}>
                <button type="button" class="link-button" onClick={() => setSelected(f.node)}>{t('editor.faults.open', { pointer: f.pointer || '/' })}</button>: {f.message}
              </li>
            ))}
            {unplaced.map((f) => <li key={f.pointer + f.message}><code>{f.pointer || '/'}</code>: {f.message}</li>)}
          </ul>
        </div>
      )}
      <div class="editor-grid">
        <nav class="editor-tree-wrap" aria-label={t('editor.tree')}>
          <h2>{t('editor.tree')}</h2>
          <Tree doc={doc} selected={selected} faultCount={faultCount} onSelect={setSelected} onChange={(d, ref) => change(d, ref)} />
        </nav>
        <fieldset class="editor-form-wrap" disabled={readOnly || state === 'conflict'}>
          <legend class="visually-hidden">{t('editor.form')}</legend>
          <NodeForm doc={doc} node={selected} faults={placed} catalogue={catalogue} onChange={(d) => change(d)} />
        </fieldset>
      </div>
      <Preview doc={doc} values={catalogue.values as unknown as ValueDefinition[]} faultCount={faults.length} />
    </section>
  );
}

export default function DraftPage() {
  const { params } = useRoute();
  return <EditorOnly>{() => <Editor id={params.id} />}</EditorOnly>;
}
