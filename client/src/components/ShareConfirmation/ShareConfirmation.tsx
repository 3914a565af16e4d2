// Sharing a test with a programme is an explicit act, wherever it happens (the join page, the
// embedded test): the same list of what is shared, and the same two conditions before anything is sent.
import { useMessage } from '../../logic/message.js';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.staff.js';
import { errorText } from '../../logic/errors.js';

/**
 * What a programme receives; pages may add an item of their own. `reportItem` replaces the report's
 * line where the report is not shown below it (the embedded test links to it instead).
 */
export function SharedItems({ children, reportItem }: { children?: ComponentChildren; reportItem?: string }) {
  return (
    <ul>
      <li>{t('join.shares.answers')}</li>
      <li>{t('join.shares.notes')}</li>
      <li>{reportItem ?? t('join.shares.report')}</li>
      <li>{t('join.shares.name')}</li>
      {children}
    </ul>
  );
}

/** The confirmation form's state: a name and a ticked box are required before `send` runs once. */
export function useShareConfirmation(send: (name: string) => Promise<void>) {
  const [name, setName] = useState('');
  const [checked, setChecked] = useState(false);
  const [error, setError] = useMessage();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) return setError(() => t('join.nameMissing'));
    if (!checked) return setError(() => t('join.checkMissing'));
    setBusy(true);
    setError(null);
    try {
      await send(name.trim());
    } catch (err) {
      setError(() => errorText(err));
      setBusy(false);
    }
  };

  return { name, setName, checked, setChecked, error, setError, busy, submit };
}
