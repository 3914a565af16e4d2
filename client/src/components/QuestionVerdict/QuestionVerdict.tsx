import type { Say } from '../../logic/message.js';
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { clarifyApi, type AnswerValue, type ClarificationView, type Revision, type Verdict } from '../../api/clarify.js';
import { locale, t, tc } from '../../i18n/i18n.js';
import '../../i18n/messages.clarify.js';
import { errorText } from '../../logic/errors.js';
import { formatDate, formatScore } from '../../logic/staff.js';
import './question-verdict.css';

const VERDICTS: Verdict[] = ['accepted', 'clarification', 'evidence'];

export const answerText = (a: AnswerValue | null, labels: Record<string, { nl: string; en: string }> = {}) => {
  if (!a) return t('clarify.nothing');
  if (a.notApplicable) return t('test.notApplicable');
  const word = (id: string) => tc(labels[id]) || id;
  const shown = a.text ?? (a.options ? a.options.map(word).join(', ') : a.option && word(a.option)) ?? '';
  return a.note ? `${shown} (${a.note})` : shown;
};

export const fileSize = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`);

/**
 * The verdicts, threads and corrections of one submission, and a function that renders the control for
 * one answer: the page calls it once and hands the function to the answer list.
 */
export function useVerdictAside(submissionId: string): { aside: (questionId: string) => ComponentChildren; notice: ComponentChildren } {
  const [view, setView] = useState<ClarificationView | null>(null);
  const reload = useCallback(() => {
    clarifyApi.view(submissionId).then(setView, () => setView(null));
  }, [submissionId]);
  useEffect(reload, [reload]);
  return {
    aside: (questionId) => (view ? <QuestionVerdict key={questionId} submissionId={submissionId} questionId={questionId} view={view} onChange={reload} /> : null),
    // How many other assessors' verdicts wait for this assessor's own review: said once, above the answers.
    notice: view && view.verdictsHidden > 0 ? <p class="notice">{t('clarify.verdict.hidden', { n: view.verdictsHidden })}</p> : null,
  };
}

function Corrections({ revisions, questionId, labels }: { revisions: Revision[]; questionId: string; labels?: Record<string, { nl: string; en: string }> }) {
  const mine = revisions.filter((r) => r.changes.some((c) => c.question === questionId));
  return (
    <>
      {mine.map((r) => {
        const before = r.before;
        const change = r.changes.find((c) => c.question === questionId)!;
        return (
          <p key={r.number} class="qv-correction">
            {t('clarify.correction', { n: r.number, from: answerText(change.from, labels), to: answerText(change.to, labels) })}
            {before && <><br />{t('clarify.scores', {
              before: formatScore(before.precondition, locale.value), after: formatScore(r.scores.precondition, locale.value),
              goalBefore: formatScore(before.goal, locale.value), goalAfter: formatScore(r.scores.goal, locale.value),
            })}</>}
          </p>
        );
      })}
    </>
  );
}

/** One answer's verdict control (assessors), others' verdicts (within the blind rule), its thread and corrections. */
export function QuestionVerdict({ submissionId, questionId, view, onChange }: { submissionId: string; questionId: string; view: ClarificationView; onChange: () => void }) {
  const own = view.verdicts.find((v) => v.own && v.questionId === questionId);
  const others = view.verdicts.filter((v) => !v.own && v.questionId === questionId);
  const thread = view.threads.find((th) => th.questionId === questionId);
  const [verdict, setVerdict] = useState<Verdict | ''>(own?.verdict ?? '');
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState<{ ok: boolean; say: Say } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `qv-${questionId}`;
  const asking = verdict === 'clarification' || verdict === 'evidence';

  const save = async (e: Event) => {
    e.preventDefault();
    // Each request is a new message (and a mail) to the startup: a second click while the first is
    // on its way would send it twice.
    if (!verdict || busy) return;
    setBusy(true);
    try {
      await clarifyApi.setVerdict(submissionId, questionId, verdict, asking ? message.trim() : '');
      setStatus({ ok: true, say: () => t(asking ? 'clarify.verdict.sent' : 'clarify.verdict.saved') });
      setMessage('');
      onChange();
    } catch (err) {
      setStatus({ ok: false, say: () => errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="question-verdict">
      {view.canGiveVerdicts && (
        <form class="qv-form" onSubmit={save}>
          <label for={`${id}-verdict`}>{t('clarify.verdict.label')}</label>
          <select id={`${id}-verdict`} value={verdict} onChange={(e) => setVerdict(e.currentTarget.value as Verdict | '')}>
            <option value="">{t('clarify.verdict.none')}</option>
            {VERDICTS.map((v) => <option key={v} value={v}>{t(`clarify.verdict.${v}`)}</option>)}
          </select>
          {asking && (
            <>
              <label for={`${id}-message`}>{t('clarify.verdict.message')}</label>
              <textarea id={`${id}-message`} rows={2} maxLength={2000} required value={message} aria-describedby={`${id}-hint`}
                onInput={(e) => setMessage(e.currentTarget.value)} />
              <p id={`${id}-hint`} class="hint">{t('clarify.verdict.messageHint')}</p>
            </>
          )}
          <button type="submit" class="secondary" disabled={busy || !verdict || (asking && !message.trim())} aria-busy={busy}>
            {t(asking ? 'clarify.verdict.send' : 'clarify.verdict.save')}
          </button>
          {status && <p role={status.ok ? 'status' : 'alert'} class={status.ok ? 'success' : 'error'}>{status.say()}</p>}
        </form>
      )}
      {others.length > 0 && (
        <p class="qv-others">
          {t('clarify.verdict.others')}: {others.map((o) => `${o.assessor.name || o.assessor.email}: ${t(`clarify.verdict.${o.verdict}`)}`).join('; ')}
        </p>
      )}
      {thread && (
        <div class="qv-thread">
          <p class="qv-thread-head">{t('clarify.thread.heading')} · <span class="status-badge">{t(`clarify.thread.${thread.state}`)}</span></p>
          <ol>
            {thread.messages.map((m) => (
              <li key={m.id}>
                <span class="hint">
                  {m.author.kind === 'startup' ? t('clarify.author.startup') : (m.author.name || m.author.email || t('clarify.author.assessor'))}
                  {' · '}{formatDate(m.at, locale.value)}
                </span>
                {m.text && <p class="note-text">{m.text}</p>}
                {m.links.length > 0 && <ul>{m.links.map((l) => <li key={l}><a href={l} rel="noopener noreferrer nofollow" target="_blank">{l}</a></li>)}</ul>}
                {m.file && <p><a href={clarifyApi.staffFileUrl(submissionId, m.file.id)} download={m.file.name}>{t('clarify.file', { name: m.file.name, size: fileSize(m.file.size) })}</a></p>}
              </li>
            ))}
          </ol>
        </div>
      )}
      <Corrections revisions={view.revisions} questionId={questionId} labels={view.optionLabels[questionId]} />
    </div>
  );
}
