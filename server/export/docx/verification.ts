// The verification block on the cover (QR code, short code, short link, full link) and the footer's
// line (short code and short link as text), as the PDF carries them (issue 15 items 5 and 7). The
// attestation itself is the lead's (server/attest/); this file only shows what it is handed.
import { Footer, ImageRun, PageNumber, Paragraph, TextRun } from 'docx';
import QRCode from 'qrcode';
import type { Locale } from '../../../core/types.js';
import { clean, heading, labelled, link, para, runs } from './blocks.js';
import type { Block } from './sections.js';
import { DOCX_WORDS, fill } from './words.js';

/** What the DOCX shows of a report's attestation. Links are absolute URLs (origin + the attestation's path). */
export interface DocxVerification {
  code: string;
  /** `<origin>/verify#a=<jws>`: verifies without the app's help; the QR code holds it. */
  link: string;
  /** `<origin>/verify#c=<code>`: the status only, short enough to type from paper. */
  shortLink: string;
}

/** XXXX-XXXX-XXXX, as the code is read aloud and typed; a code in another shape is shown as given. */
export const groupedCode = (code: string) => {
  const bare = code.replace(/-/g, '').toUpperCase();
  return /^[0-9A-Z]{12}$/.test(bare) ? bare.match(/.{4}/g)!.join('-') : code;
};

const QR_PX = 144;

/** The QR code as a PNG, or null when the link does not fit in one (it then stays as text). */
async function qrPng(text: string): Promise<Buffer | null> {
  try {
    return await QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
  } catch {
    return null;
  }
}

export async function verificationBlock(input: { locale: Locale; verification: DocxVerification | null; submitted: boolean }): Promise<Block[]> {
  const w = DOCX_WORDS[input.locale];
  const v = input.verification;
  if (!v) return [heading(w.verification, 2), para(input.submitted ? w.verifyNone : w.verifyDraft)];
  const qr = await qrPng(v.link);
  return [
    heading(w.verification, 2),
    para(w.verifyLead),
    ...(qr ? [new Paragraph({
      children: [new ImageRun({
        type: 'png', data: qr, transformation: { width: QR_PX, height: QR_PX },
        altText: { name: 'verification-qr', title: w.verification, description: `${w.qrAlt}: ${clean(v.link)}` },
      })],
    })] : []),
    labelled(w.verifyCode, runs(groupedCode(v.code), { bold: true })),
    labelled(w.verifyShortLink, link(v.shortLink, v.shortLink)),
    labelled(w.verifyLink, link(v.link, v.link)),
  ];
}

/** Every page's footer: the short code and short link as plain text, then the page number. */
export function verificationFooter(input: { locale: Locale; verification: DocxVerification | null; submitted: boolean }): Footer {
  const w = DOCX_WORDS[input.locale];
  const v = input.verification;
  const line = v ? fill(w.footerCode, { code: groupedCode(v.code), link: v.shortLink }) : input.submitted ? w.footerNone : w.footerDraft;
  return new Footer({
    children: [new Paragraph({
      children: [...runs(line, { size: 16, color: '495057' }), new TextRun({ children: [` · ${w.page} `, PageNumber.CURRENT], size: 16, color: '495057' })],
    })],
  });
}
