// "A newer version of this questionnaire is available" on the test page (issue 17, part "serve"). The
// respondent chooses: nothing moves until they have seen what would be dropped (a dry run) and confirmed.
import { useMessage } from '../../logic/message.js';
import { useState } from 'preact/hooks';
import { ApiError, type ResponseState } from '../../api/client.js';
import { moveResponse, type MovedQuestion, type MoveSummary } from '../../api/versions.js';
import { t, tc, type MessageKey } from '../../i18n/i18n.js';
import '../../i18n/messages.serve.js';
import { errorText } from '../../logic/errors.js';

const MOVE_PREVIEW_STALE = 'move-preview-stale';

interface Props {
  id: string;
  token: string;
  current: string;
  version: string;
  /** Sends answers still waiting to be saved, so the move carries them over. */
  flush: () => Promise<unknown>;
  onMoved: (response: ResponseState, version: string) => void;
}

function Listed({ items }: { items: MovedQuestion[] }) {
  return (
    <ul>
      {items.map((i) => (
        <li key={i.question}>{i.prompt ? tc(i.prompt) : i.question} <span>({t(`serve.reason.${i.reason}` as MessageKey)})</span></li>
      ))}
    </ul>
  );
}

export function VersionNotice({ id, token, current, version, flush, onMoved }: Props) {
  const [preview, setPreview] = useState<MoveSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useMessage();

  const run = async (dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await flush();
      const summary = await moveResponse(id, token, dryRun, dryRun ? undefined : preview ?? undefined);
      if (dryRun) setPreview(summary);
      else if (summary.response) onMoved(summary.response, summary.version);
    } catch (err) {
      setError(() => errorText(err));
      // Moving now would do more than was shown: show what it does now, to be confirmed again.
      if (err instanceof ApiError && err.code === MOVE_PREVIEW_STALE) setPreview(await moveResponse(id, token, true).catch(() => null));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="notice version-notice" aria-labelledby="version-notice-heading">
      <h2 id="version-notice-heading">{t('serve.notice.heading')}</h2>
      <p>{t('serve.notice.text', { current, version })}</p>
      {!preview && (
        <button type="button" class="secondary" onClick={() => void run(true)} disabled={busy} aria-busy={busy}>
          {busy ? t('serve.notice.checking') : t('serve.notice.check')}
        </button>
      )}
      {preview && (
        <div class="version-preview" role="region" aria-labelledby="version-preview-heading">
          <h3 id="version-preview-heading">{t('serve.preview.heading', { version: preview.version })}</h3>
          {preview.dropped.length > 0 && <><p>{t('serve.preview.dropped')}</p><Listed items={preview.dropped} /></>}
          {preview.changed.length > 0 && <><p>{t('serve.preview.changed')}</p><Listed items={preview.changed} /></>}
          {preview.dropped.length === 0 && preview.changed.length === 0 && <p>{t('serve.preview.nothing')}</p>}
          <div class="actions-row">
            <button type="button" onClick={() => void run(false)} disabled={busy} aria-busy={busy}>{t('serve.confirm', { version: preview.version })}</button>
            <button type="button" class="secondary" onClick={() => setPreview(null)} disabled={busy}>{t('serve.cancel')}</button>
          </div>
        </div>
      )}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}
