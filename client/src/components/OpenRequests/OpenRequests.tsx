import type { Say } from '../../logic/message.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client.js';
import { clarifyApi, type AnswerValue, type StartupRequests, type Thread } from '../../api/clarify.js';
import type { Question, Questionnaire } from '../../../../core/types.js';
import { locale, t, tc } from '../../i18n/i18n.js';
import '../../i18n/messages.clarify.js';
import { errorText } from '../../logic/errors.js';
import { answerText, fileSize } from '../QuestionVerdict/QuestionVerdict.js';
import '../QuestionVerdict/question-verdict.css';
import './open-requests.css';

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const dateOf = (iso: string) => new Date(iso).toLocaleDateString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' });

/** The startup's own answer in words: its options by their labels, not their ids. */
function withLabels(question: Question, a: AnswerValue | undefined): AnswerValue | null {
  if (!a) return null;
  const label = (id: string) => {
    const o = question.options?.find((x) => x.id === id);
    return o ? tc(o.label) : id;
  };
  return { ...a, ...(a.option ? { option: label(a.option) } : {}), ...(a.options ? { options: a.options.map(label) } : {}) };
}

/** The inputs for a corrected answer, by the question's type (one option, several, or text), with a note. */
function CorrectionInput({ question, value, onChange, idPrefix }: { question: Question; value: AnswerValue; onChange: (a: AnswerValue) => void; idPrefix: string }) {
  const options = question.options ?? [];
  const note = (
    <>
      <label for={`${idPrefix}-note`}>{t('report.noteLabel')}</label>
      <textarea id={`${idPrefix}-note`} rows={2} maxLength={2000} value={value.note ?? ''} onInput={(e) => onChange({ ...value, note: e.currentTarget.value || undefined })} />
    </>
  );
  if (question.type === 'text') {
    return (
      <>
        <label for={`${idPrefix}-text`}>{t('clarify.answer.newAnswer')}</label>
        <textarea id={`${idPrefix}-text`} rows={3} maxLength={4000} value={value.text ?? ''} onInput={(e) => onChange({ text: e.currentTarget.value })} />
      </>
    );
  }
  const multi = question.type === 'multi';
  const chosen = value.options ?? (value.option ? [value.option] : []);
  return (
    <fieldset>
      <legend>{t('clarify.answer.newAnswer')}</legend>
      {options.map((o) => (
        <label key={o.id} class="checkbox">
          <input type={multi ? 'checkbox' : 'radio'} name={`${idPrefix}-option`} value={o.id} checked={chosen.includes(o.id)}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              if (!multi) return onChange({ option: o.id, note: value.note });
              const next = on ? [...chosen, o.id] : chosen.filter((x) => x !== o.id);
              onChange({ options: next, note: value.note });
            }} />
          {tc(o.label)}
        </label>
      ))}
      {note}
    </fieldset>
  );
}

function RequestCard({ id, token, thread, question, current, onAnswered }: {
  id: string; token: string; thread: Thread; question: Question | undefined; current: AnswerValue | undefined; onAnswered: () => void;
}) {
  const [text, setText] = useState('');
  const [links, setLinks] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [correcting, setCorrecting] = useState(false);
  const [correction, setCorrection] = useState<AnswerValue>(current ?? {});
  const [status, setStatus] = useState<{ ok: boolean; say: Say } | null>(null);
  const [busy, setBusy] = useState(false);
  // The file as uploaded for this answer: sending again after a refused answer (a link without
  // https://) attaches the same upload instead of storing the file again, since every upload counts
  // towards the request's bound of files.
  const uploaded = useRef<{ file: File; id: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const prefix = `req-${thread.id}`;
  // The card outlives an answer (keyed by its thread): a corrected answer is where the next correction starts.
  useEffect(() => {
    if (!correcting) setCorrection(current ?? {});
  }, [current]);

  const send = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    if (file && file.size > MAX_FILE_BYTES) return setStatus({ ok: false, say: () => t('clarify.answer.fileTooLarge') });
    setBusy(true);
    try {
      if (file && uploaded.current?.file !== file) uploaded.current = { file, id: (await clarifyApi.upload(id, token, thread.id, file)).id };
      await clarifyApi.answer(id, token, thread.id, {
        text: text.trim(),
        links: links.split(/\s+/).map((l) => l.trim()).filter(Boolean),
        ...(file && uploaded.current ? { fileId: uploaded.current.id } : {}),
        ...(correcting ? { correction } : {}),
      });
      form.reset();
      uploaded.current = null;
      setText('');
      setLinks('');
      setFile(null);
      setCorrecting(false);
      setStatus({ ok: true, say: () => t('clarify.answer.sent') });
      // The form goes once the request is answered, and the button with it: the card's heading keeps
      // the reader's place, and the confirmation below is read out from its live region.
      heading.current?.focus();
      onAnswered();
    } catch (err) {
      setStatus({ ok: false, say: () => errorText(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="open-request" aria-labelledby={`${prefix}-h`}>
      <h3 id={`${prefix}-h`} ref={heading} tabIndex={-1}>{t(`clarify.requests.kind.${thread.kind}`)} · <span class="status-badge">{t(`clarify.thread.${thread.state}`)}</span></h3>
      {question && <p>{t('clarify.requests.question', { prompt: tc(question.prompt) })}</p>}
      <ol class="qv-thread">
        {thread.messages.map((m) => (
          <li key={m.id}>
            <span class="hint">{m.author.kind === 'startup' ? t('clarify.author.startup') : t('clarify.author.programme')} · {dateOf(m.at)}</span>
            {m.text && <p class="note-text">{m.text}</p>}
            {m.links.length > 0 && <ul>{m.links.map((l) => <li key={l}><a href={l} rel="noopener noreferrer nofollow" target="_blank">{l}</a></li>)}</ul>}
            {m.file && (
              <p>
                {t('clarify.file', { name: m.file.name, size: fileSize(m.file.size) })}{' '}
                <button type="button" class="link" onClick={() => clarifyApi.download(id, token, m.file!)}>{t('clarify.answer.download')}</button>
              </p>
            )}
            {m.revision !== null && <p class="hint">{t('clarify.corrected', { n: m.revision })}</p>}
          </li>
        ))}
      </ol>
      {thread.state === 'open' && (
        <form onSubmit={send} noValidate>
          <label for={`${prefix}-text`}>{t('clarify.answer.text')}</label>
          <textarea id={`${prefix}-text`} rows={3} maxLength={5000} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          <label for={`${prefix}-links`}>{t('clarify.answer.links')}</label>
          <textarea id={`${prefix}-links`} rows={2} value={links} onInput={(e) => setLinks(e.currentTarget.value)} />
          <label for={`${prefix}-file`}>{t('clarify.answer.file')}</label>
          <input id={`${prefix}-file`} type="file" accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
          {question && (
            <>
              <label class="checkbox">
                <input type="checkbox" checked={correcting} onChange={(e) => setCorrecting(e.currentTarget.checked)} />
                {t('clarify.answer.correct')}
              </label>
              {correcting && <p class="hint">{answerText(withLabels(question, current))}</p>}
              {correcting && <CorrectionInput question={question} value={correction} onChange={setCorrection} idPrefix={prefix} />}
            </>
          )}
          <div class="actions-row">
            <button type="submit" disabled={busy}>{t('clarify.answer.send')}</button>
          </div>
        </form>
      )}
      {/* Always there, so a screen reader announces the confirmation put into it. */}
      <p role="status" class={status?.ok ? 'success' : undefined}>{status?.ok ? status.say() : ''}</p>
      {status && !status.ok && <p role="alert" class="error">{status.say()}</p>}
    </article>
  );
}

/**
 * The programme's open requests, where the startup left off (its report, which the resume link opens
 * for a submitted test): each answered with text, links, a file and, if needed, a corrected answer.
 */
export function OpenRequests({ id, token, onChanged }: { id: string; token: string; onChanged?: () => void }) {
  const [data, setData] = useState<StartupRequests | null>(null);
  const [questionnaire, setQuestionnaire] = useState<Questionnaire | null>(null);
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const [version, setVersion] = useState(0);
  useEffect(() => {
    clarifyApi.requests(id, token).then(setData, () => setData(null));
    api.response(id, token).then((r) => setAnswers(r.answers as Record<string, AnswerValue>), () => undefined);
  }, [id, token, version]);
  useEffect(() => {
    if (data?.threads.length && !questionnaire) api.questionnaireOf(id, token).then(setQuestionnaire, () => undefined);
  }, [data]);
  if (!data || !data.programme || data.threads.length === 0) return null;
  const questions = new Map((questionnaire?.sections ?? []).flatMap((s) => s.questions).map((q) => [q.id, q]));
  const programme = data.programme.name;
  return (
    <section class="open-requests notice" aria-labelledby="open-requests-heading">
      <h2 id="open-requests-heading">{t('clarify.requests.heading', { programme })}</h2>
      <p>{data.open > 0 ? t('clarify.requests.lead', { programme, n: data.open }) : t('clarify.requests.allAnswered', { programme })}</p>
      {data.threads.map((th) => (
        // Keyed by the thread alone: a new message must not take the card's confirmation and focus with it.
        <RequestCard key={th.id} id={id} token={token} thread={th} question={questions.get(th.questionId)} current={answers[th.questionId]}
          onAnswered={() => { setVersion((v) => v + 1); onChanged?.(); }} />
      ))}
    </section>
  );
}
