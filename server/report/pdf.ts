// The PDF is the client's own report page, printed by headless Chromium on the server, so there is
// one report layout for screen, print and PDF. One browser is kept and shared; each PDF gets a fresh,
// isolated context that holds only the token of the response it prints.
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync',
];

export class PdfUnavailableError extends Error {}

export function createPdfRenderer(opts: { chromiumPath: string; maxConcurrent?: number; timeoutMs?: number }) {
  let browser: Promise<Browser> | null = null;
  let running = 0;
  const waiting: Array<() => void> = [];
  const max = opts.maxConcurrent ?? 2;

  async function acquire() {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  }
  function release() {
    running--;
    waiting.shift()?.();
  }

  function launch(): Promise<Browser> {
    if (!existsSync(opts.chromiumPath)) throw new PdfUnavailableError(`PDF export needs Chromium at ${opts.chromiumPath} on the server (set CHROMIUM_PATH)`);
    // Loaded on the first PDF only: playwright-core costs start-up time and memory most servers never need.
    browser ??= import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath: opts.chromiumPath, args: CHROMIUM_ARGS })).catch((err) => {
      browser = null;
      throw new PdfUnavailableError(`Chromium could not start: ${(err as Error).message}`);
    });
    return browser;
  }

  return {
    available: () => existsSync(opts.chromiumPath),

    /** Prints /report/<id> of the given origin as A4 PDF. */
    async render(input: { origin: string; responseId: string; token: string; locale: 'nl' | 'en' }): Promise<Buffer> {
      const b = await launch();
      await acquire();
      const context = await b.newContext({ locale: input.locale === 'nl' ? 'nl-NL' : 'en-GB' });
      try {
        await context.addInitScript(({ id, token }) => {
          localStorage.setItem(`zelftoets:response:${id}`, JSON.stringify({ id, token }));
        }, { id: input.responseId, token: input.token });
        const page = await context.newPage();
        page.setDefaultTimeout(opts.timeoutMs ?? 30_000);
        await page.goto(`${input.origin}/report/${input.responseId}?lang=${input.locale}&print=1`);
        await page.waitForSelector('[data-report-ready]');
        await page.emulateMedia({ media: 'print' });
        return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      } finally {
        await context.close();
        release();
      }
    },

    async close() {
      const b = browser;
      browser = null;
      if (b) await (await b).close().catch(() => {});
    },
  };
}

export type PdfRenderer = ReturnType<typeof createPdfRenderer>;
