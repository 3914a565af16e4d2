// The verification block of a submitted report (issue 15, item 5): on the cover a QR code holding the
// full verification link (the whole signed statement in its fragment, so it verifies without an
// account and without sending the report anywhere), with the short code and short link beside it; in
// every printed page's footer the code and short link. The QR code is a real link, so the printed PDF
// carries its URI and /verify finds the statement in a dropped PDF.
import { useEffect, useMemo } from 'preact/hooks';
import { create } from 'qrcode';
import type { Report } from '../../api/client.js';
import { locale, t } from '../../i18n/i18n.js';
import '../../i18n/messages.verify.js';
import { linkTo, loadPublicUrl } from '../../logic/links.js';
import { footerRule, qrRuns } from '../../logic/verify-block.js';

type Attestation = NonNullable<Report['attestation']>;

/** The QR code as rectangles (level L: the link is long, and fewer, larger modules scan better off paper), one per run of dark modules in a row: no markup strings, no data: URLs (the CSP allows neither as script). */
function QrSvg({ text, labelId }: { text: string; labelId: string }) {
  const qr = useMemo(() => {
    const { modules } = create(text, { errorCorrectionLevel: 'L' });
    return { size: modules.size, runs: qrRuns(modules.size, (r, c) => Boolean(modules.get(r, c))) };
  }, [text]);
  const quiet = 4;
  const full = qr.size + 2 * quiet;
  return (
    <svg class="verify-qr" viewBox={`0 0 ${full} ${full}`} role="img" aria-labelledby={labelId} shape-rendering="crispEdges">
      <title id={labelId}>{t('verify.block.qr')}</title>
      <rect width={full} height={full} fill="#fff" />
      {qr.runs.map(([row, col, len]) => <rect key={`${row}-${col}`} x={col + quiet} y={row + quiet} width={len} height={1} fill="#000" />)}
    </svg>
  );
}

export function VerifyBlock({ attestation, submitted }: { attestation: Report['attestation']; submitted: boolean }) {
  useEffect(() => void loadPublicUrl(), []);
  if (!attestation) return submitted ? null : <p class="meta verify-draft">{t('verify.block.draft')}</p>;
  return <SignedBlock attestation={attestation} />;
}

function SignedBlock({ attestation }: { attestation: Attestation }) {
  // Reading linkTo subscribes to the server's public address, which arrives after the first render.
  const full = linkTo(attestation.link);
  const short = linkTo(attestation.shortLink);
  const code = attestation.code.replace(/(.{4})(?=.)/g, '$1-');
  // Again after a language switch: the printed footer is in the report's language.
  useEffect(() => installFooter(footerRule(t('verify.block.footer', { code, url: short }))), [code, short, locale.value]);
  return (
    <section class="verify-block" aria-labelledby="verify-block-heading">
      <a class="verify-qr-link" href={full}><QrSvg text={full} labelId="verify-qr-title" /></a>
      <div class="verify-block-text">
        <h2 id="verify-block-heading">{t('verify.block.heading')}</h2>
        <p>{t('verify.block.text')}</p>
        <p><span class="verify-block-label">{t('verify.block.code')}:</span> <strong class="verify-block-code">{code}</strong></p>
        <p class="verify-block-url"><a href={short}>{short}</a></p>
        <p class="no-print"><a href={full}>{t('verify.block.link')}</a></p>
      </div>
    </section>
  );
}

/**
 * The code and short link at the foot of every printed page: a @page margin box, which only a
 * stylesheet can fill. Constructed through the CSSOM (not a <style> element), which the app's
 * style-src 'self' allows; removed again when the report goes.
 */
function installFooter(rule: string): () => void {
  if (typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) return () => {};
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(rule);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  return () => {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
