// A programme's integration settings for its managers: the sites that may embed the test (and the
// snippet to paste), API keys, and webhooks with their delivery log.
import { useMessage } from '../../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { integrationApi, type ApiKey, type Creator, type Delivery, type EmbedSettings, type Webhook } from '../../../api/integration.js';
import { staffApi, type ProgrammeDetail } from '../../../api/staff.js';
import { ScrollTable } from '../../../components/CohortChart/CohortChart.js';
import { CopyButton } from '../../../components/CopyButton/CopyButton.js';
import { StaffShell } from '../../../components/StaffShell/StaffShell.js';
import { locale, t } from '../../../i18n/i18n.js';
import '../../../i18n/messages.integration.js';
import '../../../i18n/messages.cohort.js';
import { areaName } from '../../../logic/cohort.js';
import { embedSnippet } from '../../../logic/cohort-embed.js';
import { errorText } from '../../../logic/errors.js';
import { useBusy } from '../../../logic/busy.js';
import { formatDate } from '../../../logic/staff.js';
import '../../../components/CohortChart/cohort.css';
import { linkTo } from '../../../logic/links.js';
import '../staff.css';

const EVENTS = ['submission.shared', 'submission.withdrawn', 'review.submitted', 'submission.decided'] as const;

/** The snippet's choices: which questionnaire (or the startup's choice), the frame's language and accent. */
function SnippetBuilder({ programme, settings }: { programme: ProgrammeDetail; settings: EmbedSettings }) {
  const [area, setArea] = useState(programme.areas.length === 1 ? programme.areas[0] : '');
  const [lang, setLang] = useState<'nl' | 'en'>(locale.value);
  const [accent, setAccent] = useState('#0b5cad');
  const snippet = embedSnippet({ scriptUrl: linkTo(settings.scriptPath), code: programme.joinCode, area, lang, accent });
  return (
    <div class="form-grid snippet-builder">
      <div>
        <label for="embed-area">{t('embedSettings.area')}</label>
        <select id="embed-area" value={area} onChange={(e) => setArea(e.currentTarget.value)}>
          <option value="">{t('embedSettings.areaChoose')}</option>
          {programme.areas.map((a) => <option key={a} value={a}>{areaName(a)}</option>)}
        </select>
      </div>
      <div>
        <label for="embed-lang">{t('embedSettings.lang')}</label>
        <select id="embed-lang" value={lang} onChange={(e) => setLang(e.currentTarget.value === 'en' ? 'en' : 'nl')}>
          <option value="nl">Nederlands</option>
          <option value="en">English</option>
        </select>
      </div>
      <div>
        <label for="embed-accent">{t('embedSettings.accent')}</label>
        <input id="embed-accent" type="color" class="accent-input" value={accent} onInput={(e) => setAccent(e.currentTarget.value)} />
      </div>
      <div>
        <label for="embed-snippet">{t('integration.snippet')}</label>
        <textarea id="embed-snippet" rows={4} readOnly value={snippet} onFocus={(e) => e.currentTarget.select()} />
        <CopyButton text={snippet} />
      </div>
    </div>
  );
}

function Embedding({ programme }: { programme: ProgrammeDetail }) {
  const [settings, setSettings] = useState<EmbedSettings | null>(null);
  const [text, setText] = useState('');
  const [status, setStatus] = useMessage();
  const [error, setError] = useMessage();
  useEffect(() => { integrationApi.embed(programme.id).then((s) => { setSettings(s); setText(s.origins.join('\n')); }, (e) => setError(() => errorText(e))); }, []);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const s = await integrationApi.setEmbed(programme.id, text.split(/\s+/).filter(Boolean));
      setSettings(s);
      setText(s.origins.join('\n'));
      setStatus(() => t('integration.saved'));
    } catch (err) {
      setError(() => errorText(err));
    }
  };
  return (
    <section aria-labelledby="embed-settings-heading">
      <h2 id="embed-settings-heading">{t('integration.embedHeading')}</h2>
      <p>{t('integration.embedLead')}</p>
      {/* The field waits for the saved list: typed before it arrived, text was overwritten by it (or,
          had it failed to load, a save would have replaced sites the manager never saw). */}
      {!settings ? (error ? <p role="alert" class="error">{error}</p> : <p aria-busy="true">{t('app.loading')}</p>) : (
        <form onSubmit={save} class="form-grid">
          <div>
            <label for="embed-origins">{t('integration.origins')}</label>
            <textarea id="embed-origins" rows={3} aria-describedby="embed-origins-hint" value={text} onInput={(e) => setText(e.currentTarget.value)} />
            <p id="embed-origins-hint" class="hint">{t('integration.originsHint')}</p>
          </div>
          {error && <p role="alert" class="error">{error}</p>}
          <p role="status">{status}</p>
          <div><button type="submit">{t('integration.saveOrigins')}</button></div>
        </form>
      )}
      {settings && <SnippetBuilder programme={programme} settings={settings} />}
    </section>
  );
}

/** "Name (email)", or that the account is gone. */
const creatorText = (c: Creator) => (c.createdBy ? (c.createdBy.name ? `${c.createdBy.name} (${c.createdBy.email})` : c.createdBy.email) : t('integration.creatorGone'));

function ApiKeys({ programmeId }: { programmeId: string }) {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [name, setName] = useState('');
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useMessage();
  // A second click while the first is on its way would make a second live key whose secret is never shown.
  const [busy, once] = useBusy();
  const load = () => integrationApi.apiKeys(programmeId).then(setKeys, (e) => setError(() => errorText(e)));
  useEffect(() => { load(); }, []);
  const create = (e: Event) => {
    e.preventDefault();
    void once(async () => {
      setError(null);
      try {
        const k = await integrationApi.createApiKey(programmeId, name.trim());
        setFresh(k.key);
        setName('');
        load();
      } catch (err) {
        setError(() => errorText(err));
      }
    });
  };
  const revoke = async (k: ApiKey) => {
    if (!confirm(t('integration.revokeConfirm', { name: k.name }))) return;
    await integrationApi.revokeApiKey(programmeId, k.id).catch((err) => setError(() => errorText(err)));
    load();
  };
  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">{t('integration.keysHeading')}</h2>
      <p>{t('integration.keysLead')}</p>
      {fresh && (
        <div role="status" class="link-box">
          <p>{t('integration.keyOnce')}</p>
          <p class="secret" id="new-api-key" tabIndex={-1} ref={(el) => el?.focus()}>{fresh}</p>
          <CopyButton text={fresh} />
        </div>
      )}
      {keys.length > 0 && (
        <ScrollTable labelId="keys-caption">
        <table class="data-table">
          <caption id="keys-caption">{t('integration.keysHeading')}</caption>
          <thead><tr><th scope="col">{t('integration.keyName')}</th><th scope="col">{t('integration.keyPrefix')}</th><th scope="col">{t('integration.createdBy')}</th><th scope="col">{t('integration.lastUsed')}</th><th scope="col">{t('integration.state')}</th><th scope="col">{t('embedSettings.action')}</th></tr></thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td><td><code>{k.prefix}…</code></td><td>{creatorText(k)}</td><td>{k.lastUsedAt ? formatDate(k.lastUsedAt, locale.value) : '–'}</td>
                <td class="key-state">
                  {k.revokedAt ? t('integration.revoked') : k.creatorHasAccess ? t('embedSettings.active') : <span class="error">{t('integration.creatorLostAccess')}</span>}
                </td>
                <td>{!k.revokedAt && <button type="button" class="link-button danger" onClick={() => revoke(k)}>{t('integration.revoke')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </ScrollTable>
      )}
      <form onSubmit={create} class="form-grid">
        <div>
          <label for="key-name">{t('integration.keyName')}</label>
          <input id="key-name" type="text" maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div><button type="submit" disabled={busy} aria-busy={busy}>{t('integration.createKey')}</button></div>
      </form>
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}

function Deliveries({ programmeId, webhookId }: { programmeId: string; webhookId: string }) {
  const [list, setList] = useState<Delivery[] | null>(null);
  useEffect(() => { integrationApi.deliveries(programmeId, webhookId).then(setList, () => setList([])); }, [webhookId]);
  if (!list) return <p aria-busy="true">{t('app.loading')}</p>;
  if (!list.length) return <p>{t('integration.noDeliveries')}</p>;
  return (
    <ScrollTable labelId={`deliveries-${webhookId}`}>
    <table class="data-table">
      <caption id={`deliveries-${webhookId}`}>{t('integration.deliveries')}</caption>
      <thead><tr><th scope="col">{t('integration.event')}</th><th scope="col">{t('integration.state')}</th><th scope="col">{t('integration.attempts')}</th><th scope="col">{t('integration.lastResult')}</th><th scope="col">{t('integration.created')}</th></tr></thead>
      <tbody>
        {list.map((d) => (
          <tr key={d.id}><td>{d.event}</td><td>{t(`integration.delivery.${d.state}`)}</td><td>{d.attempts}</td><td>{d.reason === 'http-status' || (d.reason === null && d.lastStatus !== null) ? t('integration.reason.http-status', { status: d.lastStatus ?? '' }) : d.reason ? t(`integration.reason.${d.reason}`) : '–'}</td><td>{formatDate(d.createdAt, locale.value)}</td></tr>
        ))}
      </tbody>
    </table>
    </ScrollTable>
  );
}

function Webhooks({ programmeId }: { programmeId: string }) {
  const [hooks, setHooks] = useState<Webhook[]>([]);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>([...EVENTS]);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useMessage();
  // A second click while the first is on its way would register the address twice: every event delivered twice.
  const [busy, once] = useBusy();
  const load = () => integrationApi.webhooks(programmeId).then(setHooks, (e) => setError(() => errorText(e)));
  useEffect(() => { load(); }, []);
  const create = (e: Event) => {
    e.preventDefault();
    void once(async () => {
      setError(null);
      try {
        const w = await integrationApi.createWebhook(programmeId, url.trim(), events);
        setSecret(w.secret);
        setUrl('');
        load();
      } catch (err) {
        setError(() => errorText(err));
      }
    });
  };
  const remove = async (w: Webhook) => {
    if (!confirm(t('integration.removeConfirm', { url: w.url }))) return;
    await integrationApi.removeWebhook(programmeId, w.id).catch((err) => setError(() => errorText(err)));
    load();
  };
  return (
    <section aria-labelledby="hooks-heading">
      <h2 id="hooks-heading">{t('integration.hooksHeading')}</h2>
      <p>{t('integration.hooksLead')}</p>
      <ul>
        {hooks.map((w) => (
          <li key={w.id}>
            <code>{w.url}</code> · {w.events.join(', ')} · {t('integration.createdBy')} {creatorText(w)}
            {!w.revokedAt && !w.creatorHasAccess && <> · <span class="error">{t('integration.creatorLostAccess')}</span></>}{' '}
            {w.revokedAt ? `· ${t('integration.revoked')}` : <button type="button" class="link-button danger" onClick={() => remove(w)}>{t('integration.remove')}</button>}{' '}
            <button type="button" class="link-button" aria-expanded={open === w.id} onClick={() => setOpen(open === w.id ? null : w.id)}>{t('integration.deliveries')}</button>
            {open === w.id && <Deliveries programmeId={programmeId} webhookId={w.id} />}
          </li>
        ))}
      </ul>
      <form onSubmit={create} class="form-grid">
        <div>
          <label for="hook-url">{t('integration.hookUrl')}</label>
          <input id="hook-url" type="url" maxLength={500} value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        </div>
        <fieldset>
          <legend>{t('integration.events')}</legend>
          {EVENTS.map((ev) => (
            <label key={ev} class="checkbox">
              <input type="checkbox" value={ev} checked={events.includes(ev)} onChange={(e) => setEvents(e.currentTarget.checked ? [...events, ev] : events.filter((x) => x !== ev))} />
              {t(`integration.event.${ev}`)}
            </label>
          ))}
        </fieldset>
        <div><button type="submit" disabled={busy} aria-busy={busy}>{t('integration.createHook')}</button></div>
      </form>
      {secret && (
        <div role="status" class="link-box">
          <p>{t('integration.secretOnce')}</p>
          <p class="secret" tabIndex={-1} ref={(el) => el?.focus()}>{secret}</p>
          <CopyButton text={secret} />
        </div>
      )}
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}

function Integration({ id }: { id: string }) {
  const [programme, setProgramme] = useState<ProgrammeDetail | null>(null);
  const [error, setError] = useMessage();
  useEffect(() => { staffApi.programme(id).then(setProgramme, (e) => setError(() => errorText(e))); }, [id]);
  if (error) return <section><h1>{t('integration.heading')}</h1><p role="alert" class="error">{error}</p></section>;
  if (!programme) return <p aria-busy="true">{t('app.loading')}</p>;
  return (
    <section class="integration">
      <p><a href={`/staff/programmes/${id}`}>{programme.name}</a></p>
      <h1>{t('integration.heading')}</h1>
      <Embedding programme={programme} />
      <ApiKeys programmeId={id} />
      <Webhooks programmeId={id} />
    </section>
  );
}

export default function IntegrationPage({ id }: { id: string }) {
  return <StaffShell>{() => <Integration id={id} />}</StaffShell>;
}
