// /staff/content/:id/review: what changed against the version the draft was based on (or any other),
// the version bump it calls for, and the lifecycle steps the status allows (docs/editor.md).
import { useMessage } from '../../../logic/message.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { editorApi, type Change, type Diff, type Step, type Version } from '../../../api/editor.js';
import type { StaffUser } from '../../../api/staff.js';
import { ConfirmDialog, type ConfirmRequest } from '../../../components/ConfirmDialog/ConfirmDialog.js';
import { t } from '../../../i18n/i18n.js';
import '../../../i18n/messages.editor.js';
import { errorText } from '../../../logic/errors.js';
import { useBusy } from '../../../logic/busy.js';
import { EditorOnly } from './ContentPage.js';

const show = (x: unknown): string => {
  if (x === undefined) return '–';
  if (x && typeof x === 'object' && 'nl' in x && 'en' in x) return `${(x as { nl: string }).nl} / ${(x as { en: string }).en}`;
  return typeof x === 'string' ? x : JSON.stringify(x);
};

function ChangeList({ changes }: { changes: Change[] }) {
  return (
    <ul class="diff-changes">
      {changes.map((c, i) => (
        <li key={i} class={c.scoring ? 'scoring-change' : undefined}>
          {c.scoring && <strong class="scoring-mark">{t('editor.review.scoring')}: </strong>}
          <span>{c.kind}</span> <code>{c.path}</code>: <del>{show(c.before)}</del> → <ins>{show(c.after)}</ins>
        </li>
      ))}
    </ul>
  );
}

/** The steps a version's status allows; the server still decides (e.g. four eyes on approval). */
export function stepsFor(v: Version): Step[] {
  if (v.status === 'draft') return ['submit'];
  if (v.status === 'in_review') return v.approvedBy ? ['withdraw', 'publish'] : ['withdraw', 'approve'];
  return [];
}

function Review({ id }: { id: string; user: StaffUser }) {
  const [version, setVersion] = useState<Version | null>(null);
  const [others, setOthers] = useState<Version[]>([]);
  const [against, setAgainst] = useState<string>('');
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useMessage();
  const [stepError, setStepError] = useMessage();
  const [done, setDone] = useMessage();
  // One step at a time: the buttons change with the status, so a second click could land on the next step.
  const [busy, once] = useBusy();
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    (async () => {
      try {
        const [r, all] = await Promise.all([editorApi.version(id), editorApi.versions()]);
        setVersion(r.version);
        const same = all.filter((v) => v.id !== id && v.questionnaireId === r.version.questionnaireId);
        setOthers(same.length ? same : all.filter((v) => v.id !== id && v.status === 'published'));
        setAgainst(r.version.basedOn ?? same.find((v) => v.status === 'published')?.id ?? '');
      } catch (err) {
        setError(() => errorText(err));
      }
    })();
  }, [id]);
  useEffect(() => {
    setDiff(null);
    if (against) editorApi.diff(against, id).then(setDiff, (err) => setError(() => errorText(err)));
  }, [against, id]);

  const run = (step: Step) => once(async () => {
    setStepError(null);
    setDone(null);
    try {
      // The revision on screen, which the diff below was read at: approving a version changed since is refused.
      const r = await editorApi.step(id, step, version!.revision);
      setVersion(r.version);
      setDone(() => t(`editor.review.done.${step}`, { version: r.version.version }));
      // The step's button goes with the new status: the heading keeps the keyboard's place.
      heading.current?.focus();
    } catch (err) {
      setStepError(() => errorText(err));
    }
  });
  // Publishing reaches every new test at once and cannot be undone (only retired): it is asked for
  // once more, and "Publish" takes the place of "Approve", where a double click's second click lands.
  const choose = (step: Step) => (step === 'publish' && version
    ? setConfirm({ text: t('editor.review.publishConfirm', { id: version.questionnaireId }), run: () => run(step) })
    : run(step));

  if (error) return <section class="editor-page"><h1>{t('editor.review.title')}</h1><p role="alert" class="error">{error}</p></section>;
  if (!version) return <p aria-busy="true">{t('app.loading')}</p>;
  return (
    <section class="editor-page">
      <h1 ref={heading} tabIndex={-1}>{t('editor.review.heading', { id: version.questionnaireId })}</h1>
      <p class="editor-links">
        <a href="/staff/content">{t('editor.list.back')}</a>
        {version.status === 'draft' && <> · <a href={`/staff/content/${id}`}>{t('editor.review.edit')}</a></>}
        {' · '}<a href={editorApi.exportUrl(id)} download>{t('editor.review.export')}</a>
        {' · '}<a href={editorApi.markdownUrl(id)} target="_blank" rel="noopener">{t('editor.review.markdown')}</a>
      </p>
      <p>
        {t('editor.list.status')}: <span class="status-badge" data-testid="version-status">{t(`editor.status.${version.status}`)}{version.status === 'in_review' && version.approvedBy ? ` · ${t('editor.status.approved')}` : ''}</span>
        {version.version && <> · {version.status === 'draft' || version.status === 'in_review' ? t('editor.review.basedOn', { version: version.version }) : `${t('editor.list.version')} ${version.version}`}</>}
      </p>
      <div class="status-actions">
        {stepsFor(version).map((s) => <button type="button" key={s} disabled={busy} aria-busy={busy} onClick={() => choose(s)}>{t(`editor.review.step.${s}`)}</button>)}
        {stepError && <p role="alert" class="error">{stepError}</p>}
        {/* On the page before it fills, so that screen readers read it out. */}
        <p role="status" class={done ? 'notice' : undefined}>{done}</p>
      </div>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
      <h2>{t('editor.review.diff')}</h2>
      <div class="ed-field">
        <label for="diff-against">{t('editor.review.against')}</label>
        <select id="diff-against" value={against} onChange={(e) => setAgainst(e.currentTarget.value)}>
          <option value="">{t('editor.review.nothing')}</option>
          {others.map((v) => <option key={v.id} value={v.id}>{v.questionnaireId} {v.version || t('editor.status.draft')} ({t(`editor.status.${v.status}`)})</option>)}
        </select>
      </div>
      {!against && <p>{t('editor.review.noBase')}</p>}
      {against && !diff && <p aria-busy="true">{t('app.loading')}</p>}
      {diff && (
        <div class="diff" data-testid="diff">
          <p><strong>{t('editor.review.bump')}: {t(`editor.bump.${diff.bump}`)}</strong></p>
          {diff.sections.added.length > 0 && <p>{t('editor.review.sectionsAdded')}: {diff.sections.added.join(', ')}</p>}
          {diff.sections.removed.length > 0 && <p>{t('editor.review.sectionsRemoved')}: {diff.sections.removed.join(', ')}</p>}
          {diff.questions.added.length > 0 && <><h3>{t('editor.review.added')}</h3><ul>{diff.questions.added.map((q) => <li key={q.id}><code>{q.id}</code>: {show(q.prompt)}</li>)}</ul></>}
          {diff.questions.removed.length > 0 && <><h3>{t('editor.review.removed')}</h3><ul>{diff.questions.removed.map((q) => <li key={q.id}><code>{q.id}</code>: {show(q.prompt)}</li>)}</ul></>}
          {diff.questions.reworded.length > 0 && <><h3>{t('editor.review.reworded')}</h3><ul>{diff.questions.reworded.map((q) => <li key={q.id}><code>{q.id}</code>: <del>{show(q.before)}</del> → <ins>{show(q.after)}</ins></li>)}</ul></>}
          {diff.questions.changed.length > 0 && (
            <>
              <h3>{t('editor.review.changed')}</h3>
              {diff.questions.changed.map((q) => <div key={q.id}><h4><code>{q.id}</code>: {show(q.prompt)}</h4><ChangeList changes={q.changes} /></div>)}
            </>
          )}
          {diff.other.length > 0 && <><h3>{t('editor.review.other')}</h3><ChangeList changes={diff.other} /></>}
          {diff.bump === 'none' && <p>{t('editor.review.same')}</p>}
        </div>
      )}
    </section>
  );
}

export default function ReviewPage() {
  const { params } = useRoute();
  return <EditorOnly>{(user) => <Review id={params.id} user={user} />}</EditorOnly>;
}
