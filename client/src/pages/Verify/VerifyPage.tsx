// /verify: anyone checks a signed report here (issue 15, docs/verification-page.md). The statement
// comes from a link's fragment (#a=<jws> from the QR code, #c=<code> for the status only), a JSON
// export or a report PDF; the check runs in this browser with the published keys, and nothing of a
// file leaves it. Everything taken from a file or link is shown as text, never as markup.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { formatCode, normalizeCode, verifyAttestation, type PublicJwks, type VerifyFailure, type VerifyResult } from '../../../../core/attestation.js';
import { formatPercent, formatScore, profileLabel } from '../../components/Charts/format.js';
import { locale, t, type MessageKey } from '../../i18n/i18n.js';
import '../../i18n/messages.verify.js';
import { loadPublicUrl, publicUrl } from '../../logic/links.js';
import { classifyFile, issuedHere, MAX_FILE_BYTES, shortHash, statusWords, type AttestationStatus } from '../../logic/verify-input.js';
import './verify.css';

type StatusState = { state: 'found'; status: AttestationStatus } | { state: 'not-found' } | { state: 'unavailable' } | { state: 'other-issuer' };
type Source = 'link' | 'json' | 'pdf';
type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'message'; key: MessageKey; fileName?: string }
  | { kind: 'checked'; source: Source; result: VerifyResult; status: StatusState; fileName?: string }
  | { kind: 'code'; code: string; status: StatusState };

let jwksRequest: Promise<PublicJwks> | null = null;
function jwks(): Promise<PublicJwks> {
  jwksRequest ??= fetch('/.well-known/jwks.json', { headers: { accept: 'application/json' } })
    .then((res) => (res.ok ? res.json() as Promise<PublicJwks> : Promise.reject(new Error(String(res.status)))))
    .catch((err) => {
      jwksRequest = null;
      throw err;
    });
  return jwksRequest;
}

async function statusOf(code: string): Promise<StatusState> {
  try {
    const res = await fetch(`/api/attestations/${encodeURIComponent(code)}/status`, { headers: { accept: 'application/json' } });
    if (res.status === 404) return { state: 'not-found' };
    if (!res.ok) return { state: 'unavailable' };
    return { state: 'found', status: await res.json() as AttestationStatus };
  } catch {
    return { state: 'unavailable' };
  }
}

const localeTag = () => (locale.value === 'nl' ? 'nl-NL' : 'en-GB');
const dateTime = (d: Date) => (Number.isNaN(d.getTime()) ? '' : d.toLocaleString(localeTag(), { dateStyle: 'long', timeStyle: 'short' }));
const dateOf = (iso: string | null) => (iso ? dateTime(new Date(iso)) : '');

export default function VerifyPage() {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [code, setCode] = useState('');
  const [dragging, setDragging] = useState(false);
  const run = useRef(0);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  // A finished check moves focus to its result's heading, in the frame the result is rendered in.
  const focusResult = useRef(false);
  useLayoutEffect(() => {
    if (!focusResult.current || outcome.kind === 'busy') return;
    focusResult.current = false;
    resultHeading.current?.focus({ preventScroll: false });
  }, [outcome]);

  /** Runs one check; a later one (another file, another link) makes an earlier one's answer moot. */
  async function perform(work: () => Promise<Outcome>) {
    const mine = ++run.current;
    setOutcome({ kind: 'busy' });
    let next: Outcome;
    try {
      next = await work();
    } catch {
      next = { kind: 'message', key: 'verify.keysUnavailable' };
    }
    if (mine !== run.current) return;
    focusResult.current = true;
    setOutcome(next);
  }

  async function checkAttestation(jws: string, source: Source, report?: unknown, fileName?: string): Promise<Outcome> {
    await loadPublicUrl();
    const result = await verifyAttestation({ jws, jwks: await jwks(), ...(report === undefined ? {} : { report }) });
    const payload = result.payload;
    const status: StatusState = !payload ? { state: 'unavailable' }
      : issuedHere(payload.iss, publicUrl.value) ? await statusOf(payload.jti) : { state: 'other-issuer' };
    return { kind: 'checked', source, result, status, fileName };
  }

  const checkCode = async (c: string): Promise<Outcome> => ({ kind: 'code', code: c, status: await statusOf(c) });

  function fromFragment() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ''));
    const a = params.get('a');
    const c = params.get('c');
    if (a !== null) void perform(() => checkAttestation(a, 'link'));
    else if (c !== null) {
      const normal = normalizeCode(c);
      setCode(normal ? formatCode(normal) : c);
      void perform(async () => (normal ? checkCode(normal) : { kind: 'message', key: 'verify.codeInvalid' }));
    }
  }

  useEffect(() => {
    document.title = `${t('verify.heading')} · ${t('app.title')}`;
    fromFragment();
    addEventListener('hashchange', fromFragment);
    return () => removeEventListener('hashchange', fromFragment);
  }, []);

  function onCode(e: Event) {
    e.preventDefault();
    const normal = normalizeCode(code);
    if (!normal) {
      run.current++;
      setOutcome({ kind: 'message', key: 'verify.codeInvalid' });
      return;
    }
    history.replaceState(null, '', `#c=${formatCode(normal)}`);
    void perform(() => checkCode(normal));
  }

  function onFile(file: File | undefined) {
    if (!file) return;
    // A file's result is not a link's: the address no longer claims to be about something else.
    if (location.hash) history.replaceState(null, '', location.pathname + location.search);
    void perform(async () => {
      if (file.size > MAX_FILE_BYTES) return { kind: 'message', key: 'verify.file.too-large', fileName: file.name };
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await file.arrayBuffer());
      } catch {
        return { kind: 'message', key: 'verify.file.unreadable', fileName: file.name };
      }
      const input = classifyFile(bytes, file.size);
      if (input.kind === 'json') return checkAttestation(input.jws, 'json', input.report, file.name);
      if (input.kind === 'pdf') return checkAttestation(input.jws, 'pdf', undefined, file.name);
      return { kind: 'message', key: `verify.file.${input.kind}`, fileName: file.name };
    });
  }

  return (
    <section class="verify-page" aria-labelledby="verify-heading">
      <h1 id="verify-heading">{t('verify.heading')}</h1>
      <p>{t('verify.intro')}</p>
      <p class="meta">{t('verify.local')}</p>

      <div class="verify-inputs">
        <section
          class={`verify-drop${dragging ? ' dragging' : ''}`} aria-labelledby="verify-file-heading"
          onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
          onDragLeave={() => setDragging(false)}
          onDrop={(e) => { e.preventDefault(); setDragging(false); onFile(e.dataTransfer?.files[0]); }}
        >
          <h2 id="verify-file-heading">{t('verify.fileHeading')}</h2>
          <label for="verify-file">{t('verify.fileLabel')}</label>
          <input id="verify-file" type="file" accept=".json,.pdf,application/json,application/pdf" aria-describedby="verify-file-hint"
            onChange={(e) => { const input = e.currentTarget; onFile(input.files?.[0]); input.value = ''; }} />
          <p id="verify-file-hint" class="meta">{t('verify.fileHint')}</p>
        </section>
        <form class="verify-code" onSubmit={onCode} aria-labelledby="verify-code-heading">
          <h2 id="verify-code-heading">{t('verify.codeHeading')}</h2>
          <label for="verify-code">{t('verify.codeLabel')}</label>
          <div class="verify-code-row">
            <input id="verify-code" name="code" autocomplete="off" spellcheck={false} maxLength={40} value={code}
              onInput={(e) => setCode(e.currentTarget.value)} />
            <button type="submit">{t('verify.codeSubmit')}</button>
          </div>
        </form>
      </div>

      <div class="verify-result" aria-live="polite">
        {outcome.kind === 'busy' && <p aria-busy="true">{t('verify.checking')}</p>}
        {outcome.kind === 'message' && (
          <section class="verify-outcome verify-bad" aria-labelledby="verify-result-heading">
            <h2 id="verify-result-heading" ref={resultHeading} tabIndex={-1}>{t('verify.resultHeading')}</h2>
            {outcome.fileName && <p class="meta">{t('verify.fileName', { name: outcome.fileName })}</p>}
            <p role="alert">{t(outcome.key)}</p>
          </section>
        )}
        {outcome.kind === 'code' && (
          <section class="verify-outcome" aria-labelledby="verify-result-heading">
            <h2 id="verify-result-heading" ref={resultHeading} tabIndex={-1}>{t('verify.statusHeading')}: <span class="verify-nowrap">{formatCode(outcome.code)}</span></h2>
            <StatusView status={outcome.status} />
            <p class="notice">{t('verify.codeOnly')}</p>
          </section>
        )}
        {outcome.kind === 'checked' && <Checked outcome={outcome} headingRef={resultHeading} />}
      </div>
    </section>
  );
}

function StatusView({ status }: { status: StatusState }) {
  if (status.state === 'not-found') return <p class="verify-status" data-status="not-found">{t('verify.status.notFound')}</p>;
  if (status.state === 'unavailable') return <p class="verify-status" data-status="unavailable">{t('verify.status.unavailable')}</p>;
  if (status.state === 'other-issuer') return <p class="verify-status" data-status="other-issuer">{t('verify.status.otherIssuer')}</p>;
  const words = statusWords(status.status);
  return (
    <div class="verify-status" data-status={status.status.status}>
      <p class={status.status.status === 'current' ? 'verify-current' : 'verify-stale'}><strong>{t(words.key, { date: dateOf(words.since) })}</strong></p>
      {status.status.keyRevoked && <p class="verify-stale"><strong>{t('verify.status.keyRevoked')}</strong></p>}
      <p class="meta">{t('verify.status.issuedAt', { date: dateOf(status.status.issuedAt) })}</p>
    </div>
  );
}

function Checked({ outcome, headingRef }: { outcome: Extract<Outcome, { kind: 'checked' }>; headingRef: preact.RefObject<HTMLHeadingElement> }) {
  const { result, status, source } = outcome;
  const p = result.payload;
  const keyRevoked = status.state === 'found' && status.status.keyRevoked;
  const ok = result.ok && !keyRevoked;
  const failures: Array<VerifyFailure | 'key-revoked'> = result.failures.map((f) => (f === 'key-unknown' && keyRevoked ? 'key-revoked' : f));
  if (keyRevoked && !failures.includes('key-revoked')) failures.push('key-revoked');
  const here = p ? issuedHere(p.iss, publicUrl.value) : true;
  const checks = ['format', 'key', 'signature', 'hash'] as const;
  return (
    <section class={`verify-outcome ${ok ? 'verify-good' : 'verify-bad'}`} aria-labelledby="verify-result-heading" data-verified={ok ? 'yes' : 'no'}>
      <h2 id="verify-result-heading" ref={headingRef} tabIndex={-1}>
        <span aria-hidden="true">{ok ? '✔ ' : '✖ '}</span>
        {ok ? t(result.checks.hash === 'pass' ? 'verify.okFull' : 'verify.ok') : t('verify.fail')}
      </h2>
      {outcome.fileName && <p class="meta">{t('verify.fileName', { name: outcome.fileName })}</p>}
      {!ok && (
        <>
          <p>{t('verify.failWhat')}</p>
          <ul class="verify-failures">{failures.map((f) => <li key={f} data-failure={f}>{t(`verify.failure.${f}`)}</li>)}</ul>
        </>
      )}
      {ok && source !== 'json' && <p class="notice">{t(source === 'pdf' ? 'verify.hashSkippedPdf' : 'verify.hashSkippedLink')}</p>}
      {!here && <p class="notice verify-other-issuer">{t('verify.issuerOther')}</p>}

      <h3>{t('verify.checks')}</h3>
      <ul class="verify-checks">
        {checks.map((c) => (
          <li key={c} data-check={c} data-result={result.checks[c]}>
            <span aria-hidden="true">{result.checks[c] === 'pass' ? '✔' : result.checks[c] === 'fail' ? '✖' : '–'}</span>{' '}
            {t(`verify.check.${c}`)}: <strong>{t(`verify.check.${result.checks[c]}`)}</strong>
          </li>
        ))}
      </ul>

      {p && (
        <>
          <h3>{t('verify.statusHeading')}</h3>
          <StatusView status={status} />
          <h3>{t('verify.headline')}</h3>
          <p class="meta">{t('verify.headlineHint')}</p>
          <dl class="verify-facts verify-headline">
            <div><dt>{t('verify.profile')}</dt><dd data-fact="profile">{profileLabel(p.headline.profile)}</dd></div>
            <div><dt>{t('verify.goal')}</dt><dd data-fact="goal">{formatScore(p.headline.goal)}</dd></div>
            <div><dt>{t('verify.precondition')}</dt><dd data-fact="precondition">{formatScore(p.headline.precondition)}</dd></div>
            <div><dt>{t('verify.completeness')}</dt><dd data-fact="completeness">{t('verify.completenessValue', { pct: formatPercent(p.headline.completeness) })}</dd></div>
            <div><dt>{t('verify.knockouts')}</dt><dd data-fact="knockouts">{p.headline.knockouts.toLocaleString(localeTag())}</dd></div>
          </dl>
          <h3>{result.checks.signature === 'pass' ? t('verify.details') : t('verify.detailsUnverified')}</h3>
          <dl class="verify-facts">
            <div><dt>{t('verify.issuer')}</dt><dd data-fact="issuer">{p.iss}{here && ` (${t('verify.issuerHere')})`}</dd></div>
            <div><dt>{t('verify.code')}</dt><dd data-fact="code">{formatCode(p.jti)}</dd></div>
            <div><dt>{t('verify.signedAt')}</dt><dd>{dateTime(new Date(p.iat * 1000))}</dd></div>
            <div><dt>{t('verify.submittedAt')}</dt><dd>{dateOf(p.submittedAt)}</dd></div>
            <div><dt>{t('verify.questionnaire')}</dt><dd data-fact="questionnaire">{t('verify.questionnaireValue', { id: p.questionnaire.id, version: p.questionnaire.version, hash: shortHash(p.questionnaire.hash) })}</dd></div>
            <div><dt>{t('verify.scoringVersion')}</dt><dd>{String(p.scoringVersion)}</dd></div>
            <div><dt>{t('verify.language')}</dt><dd>{t(`verify.language.${p.locale}`)}</dd></div>
          </dl>
        </>
      )}
    </section>
  );
}
