// The assessor's review draft: what was typed, what the server has, and a debounced autosave between
// them (the same autosave as the startup's answers). A draft with an invalid score is not sent: the
// form says so and keeps it until it is corrected.
import { useMessage } from '../../logic/message.js';
import { useMemo, useRef, useState } from 'preact/hooks';
import { staffApi, type Review, type SubmissionDetail } from '../../api/staff.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.review.js';
import { createAutosave, type SaveState } from '../../logic/autosave.js';
import { errorText } from '../../logic/errors.js';
import { draftOf, reviewBody, sameDraft, type DraftError, type ReviewDraft } from '../../logic/review.js';

export type DraftState = SaveState | 'invalid';

export function useReviewDraft(detail: SubmissionDetail, onSaved: (review: Review) => void) {
  const values = detail.report.values;
  const [draft, setDraft] = useState<ReviewDraft>(() => draftOf(detail.ownReview, locale.value));
  const [saved, setSaved] = useState<ReviewDraft>(() => draftOf(detail.ownReview, locale.value));
  const [state, setState] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useMessage();
  const [errors, setErrors] = useState<DraftError[]>([]);
  const [justSubmitted, setJustSubmitted] = useState(false);
  const current = useRef(draft);
  current.current = draft;
  const savedRef = useRef(saved);
  savedRef.current = saved;
  const latestOnSaved = useRef(onSaved);
  latestOnSaved.current = onSaved;
  const locked = detail.ownReview?.status === 'submitted';
  const id = detail.submission.id;

  const autosave = useMemo(() => createAutosave({
    delayMs: 1200,
    // One key for the whole review: the server replaces the draft as a whole, so a send always takes
    // what is typed at that moment.
    send: async () => {
      const sent = current.current;
      const built = reviewBody(values, sent, false);
      if (!built.ok) return;
      const review = await staffApi.saveReview(id, built.body);
      setSaved(sent);
      savedRef.current = sent;
      latestOnSaved.current(review);
    },
    onState: (s, err) => {
      setState(s);
      setSaveError(err ? () => errorText(err) : null);
    },
  }), [id]);

  const dirty = !locked && !sameDraft(draft, saved);
  // Read at the moment of leaving, from refs: a render (and its effects) may not have happened yet.
  const lockedRef = useRef(locked);
  lockedRef.current = locked;
  const isDirty = () => !lockedRef.current && !sameDraft(current.current, savedRef.current);
  const update = (next: ReviewDraft) => {
    setDraft(next);
    current.current = next;
    const built = reviewBody(values, next, false);
    // The summary lists what a save attempt found; while typing it only shrinks, so a half-typed "55,"
    // is marked at its field but does not grow the summary.
    setErrors((old) => old.filter((o) => (o.kind === 'judgement' ? !next.judgement : !built.ok && built.errors.some((e) => e.field === o.field))));
    if (built.ok) autosave.change('review', null);
  };

  /** Saves now; false (with the errors shown) when the draft cannot be saved. */
  async function saveNow(): Promise<boolean> {
    if (locked) return true;
    const built = reviewBody(values, current.current, false);
    if (!built.ok) {
      setErrors(built.errors);
      return false;
    }
    setErrors([]);
    if (sameDraft(current.current, savedRef.current) && !autosave.hasPending()) return true;
    autosave.change('review', null);
    await autosave.flush();
    return !autosave.hasPending();
  }

  async function submit(): Promise<boolean> {
    const built = reviewBody(values, current.current, true);
    if (!built.ok) {
      setErrors(built.errors);
      return false;
    }
    setErrors([]);
    if (!confirm(t('staff.review.submitConfirm'))) return false;
    await autosave.flush();
    try {
      const review = await staffApi.saveReview(id, built.body);
      setSaved(current.current);
      savedRef.current = current.current;
      setJustSubmitted(true);
      latestOnSaved.current(review);
      return true;
    } catch (err) {
      setState('error');
      setSaveError(() => errorText(err));
      return false;
    }
  }

  const checked = reviewBody(values, draft, false);
  const invalidFields = new Set(checked.ok ? [] : checked.errors.map((e) => e.field));
  const shownState: DraftState = invalidFields.size ? 'invalid' : state === 'saved' && dirty ? 'pending' : state;
  // Nothing typed and nothing on the server: there is no draft to call saved.
  const empty = shownState === 'saved' && !detail.ownReview && !dirty;
  return { draft, update, invalidFields, justSubmitted, empty, isDirty, dirty, locked, errors, state: shownState, saveError, saveNow, submit, retry: () => void autosave.flush() };
}

export type ReviewDraftHandle = ReturnType<typeof useReviewDraft>;
