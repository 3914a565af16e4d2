// A confirmation step before an action that is hard to undo (staff walkthrough #12): a modal <dialog>,
// so focus moves into it, stays there and returns afterwards, and Escape cancels. Cancel has the focus
// first, so a stray Enter does nothing.
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.accounts.js';

export interface ConfirmRequest {
  text: string;
  /** A second sentence, e.g. a warning about what the new role may do. */
  extra?: string;
  run: () => unknown;
  onCancel?: () => void;
}

export function ConfirmDialog({ request, onClose }: { request: ConfirmRequest | null; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (request && !dialog.open) dialog.showModal();
    if (!request && dialog.open) dialog.close();
  }, [request]);
  const cancel = () => {
    request?.onCancel?.();
    onClose();
  };
  const confirm = () => {
    const run = request?.run;
    onClose();
    run?.();
  };
  return (
    <dialog ref={ref} class="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-text"
      onCancel={(e) => { e.preventDefault(); cancel(); }}>
      <h2 id="confirm-title">{t('accounts.confirm.title')}</h2>
      <p id="confirm-text">{request?.text}{request?.extra ? ` ${request.extra}` : ''}</p>
      <div class="actions-row">
        <button type="button" class="secondary" autoFocus onClick={cancel}>{t('accounts.confirm.no')}</button>
        <button type="button" onClick={confirm}>{t('accounts.confirm.yes')}</button>
      </div>
    </dialog>
  );
}
