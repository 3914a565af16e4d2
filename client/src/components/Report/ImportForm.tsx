import { useMessage } from '../../logic/message.js';
import { useLocation } from 'preact-iso';
import { api } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';
import { errorText } from '../../logic/errors.js';
import { remember } from '../../logic/tokens.js';

const MAX_BYTES = 1024 * 1024;

/** Loads a JSON export (from this or another instance) as a new response to continue or re-take. */
export function ImportForm() {
  const { route } = useLocation();
  const [error, setError] = useMessage();

  const load = async (file: File | undefined) => {
    setError(null);
    if (!file) return;
    if (file.size > MAX_BYTES) return setError(() => t('import.invalid'));
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      return setError(() => t('import.invalid'));
    }
    if (!data || typeof data !== 'object' || (data as { format?: unknown }).format !== 'publieke-waarden-zelftoets') return setError(() => t('import.invalid'));
    try {
      const started = await api.importExport(data);
      remember({ id: started.id, token: started.token });
      const notes = new URLSearchParams();
      if (started.dropped.length) notes.set('dropped', String(started.dropped.length));
      if (started.droppedPlanItems?.length) notes.set('planDropped', String(started.droppedPlanItems.length));
      const query = notes.toString();
      route(`/test/${started.id}${query ? `?${query}` : ''}`);
    } catch (err) {
      setError(() => errorText(err));
    }
  };

  return (
    <section class="import" aria-labelledby="import-heading">
      <h2 id="import-heading">{t('import.heading')}</h2>
      <p>{t('import.text')}</p>
      <label for="import-file">{t('import.file')}</label>{' '}
      <input id="import-file" type="file" accept="application/json,.json" onChange={(e) => load((e.currentTarget as HTMLInputElement).files?.[0])} />
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}
