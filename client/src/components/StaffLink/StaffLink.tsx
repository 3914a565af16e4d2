// A one-time or join link shown for copying: read-only field, copy button, and what to do with it.
import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n.js';
import { linkTo } from '../../logic/links.js';
import '../../i18n/messages.staff.js';

export function StaffLink({ id, label, path, hint }: { id: string; label: string; path: string; hint?: string }) {
  const url = linkTo(path);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
    } catch {
      (document.getElementById(id) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div class="link-box">
      <label for={id}>{label}</label>
      <input id={id} class="staff-link" type="text" readOnly value={url} aria-describedby={hint ? `${id}-hint` : undefined} onFocus={(e) => e.currentTarget.select()} />
      {hint && <p id={`${id}-hint`} class="hint">{hint}</p>}
      <button type="button" class="secondary" onClick={copy}>{t('staff.copy')}</button>
      <span role="status" class="hint">{copied ? ` ${t('staff.copied')}` : ''}</span>
    </div>
  );
}
