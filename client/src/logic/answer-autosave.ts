import { useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api/client.js';
import { locale, t } from '../i18n/i18n.js';
import { createAutosave, type SaveState } from './autosave.js';
import { errorText } from './errors.js';
import { useLastSave } from './last-save.js';
import { useMessage } from './message.js';

/**
 * The answers of an open response saved as the founder goes (the test and the quick scan alike):
 * debounced saves, their state and message for SaveStatus, a last save when the page goes away and a
 * question before leaving while a save has failed (last-save.ts).
 */
export function useAnswerAutosave(id: string, token: string | undefined) {
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useMessage();
  // Why the latest save failed, as the server said it: a refused answer is not a lost connection.
  const failure = useRef<Error | null>(null);
  const autosave = useMemo(() => createAutosave({
    delayMs: 800,
    send: async (changes) => { await api.save(id, token!, changes, locale.value); },
    onState: (state, err) => {
      failure.current = err ?? null;
      setSaveState(state);
      setSaveError(err ? () => errorText(err) : null);
    },
  }), [id]);
  useLastSave(autosave, (changes) => {
    if (token) void api.save(id, token, changes, locale.value, true).catch(() => {});
  }, () => saveState === 'error', () => t('test.unsavedLeave'));

  /** Saves what is pending now; when that fails, throws the save's own error, so the caller can say why. */
  const saveNow = async () => {
    await autosave.flush();
    if (autosave.hasPending()) throw failure.current ?? new ApiError(0, 'network');
  };
  return { autosave, saveState, saveError, saveNow };
}
