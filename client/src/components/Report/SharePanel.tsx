import { useMessage } from '../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { api, type ShareLink } from '../../api/client.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.report.js';
import { errorText } from '../../logic/errors.js';
import { useBusy } from '../../logic/busy.js';
import { CopyButton } from '../CopyButton/CopyButton.js';
import { linkTo } from '../../logic/links.js';

const EXPIRIES = [7, 30, 90];
const dateOf = (iso: string) => new Date(iso).toLocaleDateString(locale.value === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' });

/** Sharing is always an explicit act: choose an expiry, confirm once, then copy the link shown once. */
export function SharePanel({ id, token }: { id: string; token: string }) {
  const [links, setLinks] = useState<ShareLink[]>([]);
  const [days, setDays] = useState(30);
  const [confirmed, setConfirmed] = useState(false);
  // The link just made, shown once to copy; it goes when that link is revoked.
  const [created, setCreated] = useState<{ id: string; url: string } | null>(null);
  const [error, setError] = useMessage();
  // A second click while the first is on its way would make a second live link, whose address is
  // never shown (only the last one is) but which opens the report all the same.
  const [busy, once] = useBusy();

  const refresh = () => api.shares(id, token).then(setLinks, (err) => setError(() => errorText(err)));
  useEffect(() => void refresh(), [id]);

  const create = () => once(async () => {
    setError(null);
    try {
      const link = await api.createShare(id, token, days);
      setCreated({ id: link.id, url: linkTo(link.path) });
      setConfirmed(false);
      await refresh();
    } catch (err) {
      setError(() => errorText(err));
    }
  });

  const revoke = async (shareId: string) => {
    try {
      await api.revokeShare(id, token, shareId);
      setCreated((c) => (c?.id === shareId ? null : c));
      await refresh();
      // The button goes with the link's active state: the reader is taken to what the link says now.
      document.getElementById(`share-${shareId}-state`)?.focus();
    } catch (err) {
      setError(() => errorText(err));
    }
  };

  return (
    <section class="share-panel" aria-labelledby="share-heading">
      <h3 id="share-heading">{t('share.heading')}</h3>
      <p>{t('share.text')}</p>
      <div class="share-form">
        <label for="share-expiry">{t('share.expiry')}</label>{' '}
        <select id="share-expiry" value={days} onChange={(e) => setDays(Number((e.currentTarget as HTMLSelectElement).value))}>
          {EXPIRIES.map((d) => <option key={d} value={d}>{t('share.days', { n: d })}</option>)}
        </select>
        <label class="choice">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed((e.currentTarget as HTMLInputElement).checked)} />
          <span>{t('share.confirm')}</span>
        </label>
        <button type="button" onClick={create} disabled={!confirmed || busy} aria-busy={busy}>{t('share.create')}</button>
      </div>
      {/* There before the link is made, so a screen reader announces what is put into it. */}
      <div class={created ? 'notice' : undefined} role="status">
        {created && (
          <>
            <p>{t('share.created')}</p>
            <div class="copy-row">
              <input class="resume-link share-link" readOnly value={created.url} aria-label={t('share.heading')} onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
              <CopyButton text={created.url} />
            </div>
          </>
        )}
      </div>
      {error && <p role="alert" class="error">{error}</p>}
      <h4>{t('share.list')}</h4>
      {links.length === 0 ? <p class="meta">{t('share.none')}</p> : (
        <ul class="share-list">
          {links.map((l) => (
            <li key={l.id}>
              <span class={`share-state share-${l.state}`} id={`share-${l.id}-state`} tabIndex={-1}>
                {l.state === 'active' && t('share.state.active', { date: dateOf(l.expiresAt) })}
                {l.state === 'expired' && t('share.state.expired', { date: dateOf(l.expiresAt) })}
                {l.state === 'revoked' && t('share.state.revoked', { date: dateOf(l.revokedAt!) })}
              </span>
              {l.state === 'active' && <button type="button" class="link-button danger" onClick={() => revoke(l.id)}>{t('share.revoke')}</button>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
