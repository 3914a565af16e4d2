// The PDF is the client's own report page, printed by headless Chromium on the server, so there is
// one report layout for screen, print and PDF. One browser is kept and shared; each PDF gets a fresh,
// isolated context that holds only the token of the response it prints.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { StaffPrint } from '../export/staff-print.js';
import { createWorkQueue } from '../limits/work-queue.js';
import type { PrintTicketRepository } from '../repositories/print-tickets.js';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync',
];

export class PdfUnavailableError extends Error {}

const TICKET_MS = 2 * 60 * 1000;

/** Prints one page to a PDF. The default drives Chromium; tests pass a fake to exercise the queue. */
export type PrintPage = (input: { url: string; locale: 'nl' | 'en'; stored?: { id: string; token: string }; staff?: StaffPrint }) => Promise<Buffer>;

export interface PdfRendererOptions {
  chromiumPath: string;
  /** Where print tickets live: the database, so any instance can answer the browser that uses one. */
  tickets: PrintTicketRepository;
  /** PDFs printed at once, PDFs waiting, and PDFs one client may have running or waiting. */
  concurrency?: number;
  maxQueued?: number;
  perClient?: number;
  timeoutMs?: number;
  print?: PrintPage;
}

export function createPdfRenderer(opts: PdfRendererOptions) {
  let browser: Promise<Browser> | null = null;
  // Print tickets let the server's own browser open one report read-only (through the shared-report
  // page) for someone who may see it but holds no token of it: staff. They live in the database (the
  // page's request may reach another instance), for two minutes, and are deleted when the PDF is done.
  const { tickets } = opts;
  // Each PDF costs a Chromium page for seconds: without a bound, a handful of anonymous requests
  // held every other PDF (and much of the machine) for tens of seconds.
  const queue = createWorkQueue({ name: 'PDF', concurrency: opts.concurrency ?? 2, maxQueued: opts.maxQueued ?? 8, perClient: opts.perClient ?? 2 });
  const available = () => Boolean(opts.print) || existsSync(opts.chromiumPath);

  function launch(): Promise<Browser> {
    if (!existsSync(opts.chromiumPath)) throw new PdfUnavailableError(`PDF export needs Chromium at ${opts.chromiumPath} on the server (set CHROMIUM_PATH)`);
    // Loaded on the first PDF only: playwright-core costs start-up time and memory most servers never need.
    browser ??= import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: opts.chromiumPath, args: CHROMIUM_ARGS })).catch((err) => {
      browser = null;
      throw new PdfUnavailableError(`Chromium could not start: ${(err as Error).message}`);
    });
    return browser;
  }

  const chromiumPrint: PrintPage = async ({ url, locale, stored, staff }) => {
    const b = await launch();
    // The programmes' time zone, as the DOCX, CSV and mails give dates: the page formats dates in the
    // browser's zone, and this browser's is the server's (UTC in most containers), so a test submitted
    // after midnight in Amsterdam was dated the day before on the PDF alone.
    const context = await b.newContext({ locale: locale === 'nl' ? 'nl-NL' : 'en-GB', timezoneId: 'Europe/Amsterdam' });
    try {
      if (stored) {
        await context.addInitScript(({ id, token }) => {
          localStorage.setItem(`zelftoets:response:${id}`, JSON.stringify({ id, token }));
        }, stored);
      }
      // The staff PDF's cover details and reviews (server/export/staff-print.ts): handed to the page by
      // this browser alone, so they need no route of their own and never pass through a URL.
      if (staff) await context.addInitScript((data) => { (window as unknown as { __zelftoetsStaffPrint: unknown }).__zelftoetsStaffPrint = data; }, staff);
      const page = await context.newPage();
      page.setDefaultTimeout(opts.timeoutMs ?? 30_000);
      try {
        await page.goto(url);
        await page.waitForSelector('[data-report-ready]');
        await page.emulateMedia({ media: 'print' });
        // Tagged, with an outline from the headings: readable by screen readers and navigable (staff #3).
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: true, outline: true });
      } catch (err) {
        // The browser could not open or print the page (PDF_ORIGIN wrong, the page did not finish):
        // the server's problem, said as such. Playwright's message holds the URL, and with it a
        // print ticket, so only the kind of failure goes out; the cause stays for the log.
        throw new PdfUnavailableError(`the report page could not be printed (${(err as Error).name})`, { cause: err });
      }
    } finally {
      await context.close();
    }
  };
  const print = opts.print ?? chromiumPrint;

  function queued<T>(client: string, job: () => Promise<T>): Promise<T> {
    // Refuse at once when there is no Chromium, rather than after waiting in the queue.
    if (!available()) throw new PdfUnavailableError(`PDF export needs Chromium at ${opts.chromiumPath} on the server (set CHROMIUM_PATH)`);
    return queue.run(client, job);
  }

  return {
    available,
    queueStats: () => queue.stats(),

    tickets,
    /** The response a live print ticket stands for, if any. */
    ticketResponse: (token: string): Promise<{ responseId: string; expiresAt: string } | undefined> => tickets.find(token),

    /** Prints the report of a response with its resume token, as the respondent sees it. `client` is who asks (their address), for the per-client bound. */
    renderWithToken(input: { origin: string; responseId: string; token: string; locale: 'nl' | 'en'; client: string }): Promise<Buffer> {
      return queued(input.client, () => print({
        url: `${input.origin}/report/${input.responseId}?lang=${input.locale}&print=1`, locale: input.locale, stored: { id: input.responseId, token: input.token },
      }));
    },

    /** Prints the report of a response for staff, through a print ticket and the read-only report page. */
    renderForStaff(input: { origin: string; responseId: string; locale: 'nl' | 'en'; client: string; staff?: StaffPrint }): Promise<Buffer> {
      return queued(input.client, async () => {
        // The ticket is made when printing starts, not while waiting, so its two minutes are for printing.
        const ticket = await tickets.issue(input.responseId, TICKET_MS);
        try {
          return await print({ url: `${input.origin}/shared?lang=${input.locale}&print=1#${ticket}`, locale: input.locale, staff: input.staff });
        } finally {
          // A ticket that could not be deleted runs out within minutes; the PDF is not lost for it.
          await tickets.revoke(ticket).catch(() => {});
        }
      });
    },

    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b).close().catch(() => {});
    },
  };
}

/** The address the server's own browser uses to reach this server (the loopback side of where it listens). */
export function selfOrigin(address: import('node:net').AddressInfo | string | null): string | null {
  if (!address || typeof address === 'string') return null;
  const host = address.family === 'IPv6' ? (address.address === '::' ? '[::1]' : `[${address.address}]`) : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  return `http://${host}:${address.port}`;
}

/** Where the printing browser opens the report: PDF_ORIGIN, else this server itself. */
export function printOrigin(pdfOrigin: string | null, address: import('node:net').AddressInfo | string | null): string {
  const origin = pdfOrigin ?? selfOrigin(address);
  if (!origin) throw new PdfUnavailableError('PDF export needs the server to listen on a TCP port');
  return origin;
}

export type PdfRenderer = ReturnType<typeof createPdfRenderer>;
