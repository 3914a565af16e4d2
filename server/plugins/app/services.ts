// App services: the database with its migrations, the questionnaire catalogue and the repositories.
// Registered before the routes; everything here is decorated on the root instance.
import fp from 'fastify-plugin';
import type { AppConfig } from '../../config.js';
import { BUSY_TIMEOUT_MS, createWriteGate, type WriteGate } from '../../db/busy.js';
import { startCheckpointer } from '../../db/checkpointer.js';
import { openDb, type Db } from '../../db/connect.js';
import { migrateDb } from '../../db/migrate.js';
import { loadCatalog, type Catalog } from '../../questionnaires/catalog.js';
import { createResponseRepository, type ResponseRepository } from '../../repositories/responses.js';
import { createPrintTicketRepository } from '../../repositories/print-tickets.js';
import { createPdfRenderer, type PdfRenderer } from '../../report/pdf.js';
import { createInlineChecker, type InlineChecker } from '../../questionnaires/inline-check.js';
import { createReportService, type ReportService } from '../../report/report-service.js';
import { createShareLinkRepository, type ShareLinkRepository } from '../../repositories/share-links.js';
import { createSnapshotRepository, type SnapshotRepository } from '../../repositories/snapshots.js';
import { createVersionService } from '../../services/questionnaire-versions.js';
import { createServedQuestionnaires, type ServedQuestionnaires } from '../../services/served-questionnaires.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig;
    /** The database, either engine: Kysely for queries, plus the engine's own handle. */
    database: Db;
    catalog: Catalog;
    /** What respondents are offered: the latest published version of each questionnaire (docs/editor.md). */
    served: ServedQuestionnaires;
    repos: { responses: ResponseRepository; snapshots: SnapshotRepository; shareLinks: ShareLinkRepository };
    reports: ReportService;
    pdf: PdfRenderer;
    writeGate: WriteGate;
    inlineChecker: InlineChecker;
  }
  interface FastifyContextConfig {
    /** false for a route that never writes, or that waits for the write lock itself. */
    writesDatabase?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export default fp(
  async function services(fastify, opts: { config: AppConfig }) {
    // The catalogue first: an invalid questionnaire must stop start-up before anything is written.
    const catalog = loadCatalog(opts.config.questionnairesDir);
    const database = openDb(opts.config);
    let ran: string[];
    try {
      ran = await migrateDb(database, opts.config.migrationsDir);
    } catch (err) {
      await database.close();
      throw err;
    }
    // SQLite's own: checkpoints off the request path. PostgreSQL checkpoints by itself.
    const checkpointer = database.engine === 'sqlite' ? startCheckpointer(opts.config.databasePath, opts.config.checkpointIntervalMs) : null;
    if (ran.length) fastify.log.info({ migrations: ran }, 'migrations applied');

    const snapshots = createSnapshotRepository(database.kysely);
    for (const q of catalog.questionnaires.values()) await snapshots.ensure(q);
    // The files as published versions (docs/editor.md): the seed of what respondents are served.
    await createVersionService({ db: database.kysely, catalog }).importShipped(fastify.log);

    fastify.decorate('config', opts.config);
    fastify.decorate<Db>('database', database);
    fastify.decorate('catalog', catalog);
    fastify.decorate('served', createServedQuestionnaires({ db: database.kysely, catalog }));
    // A database locked by another process is SQLite's concern; PostgreSQL's writers wait on rows, not
    // on the event loop.
    const writeGate: WriteGate = database.engine === 'sqlite' ? createWriteGate(database.sqlite) : { ready: () => Promise.resolve() };
    fastify.decorate('writeGate', writeGate);
    const responses = createResponseRepository(database, writeGate);
    fastify.decorate('repos', { responses, snapshots, shareLinks: createShareLinkRepository(database.kysely) });
    fastify.decorate('reports', createReportService({ catalog, responses, snapshots }));
    const pdf = createPdfRenderer({
      chromiumPath: opts.config.chromiumPath, print: opts.config.pdfPrint, tickets: createPrintTicketRepository(database.kysely),
      concurrency: opts.config.pdfConcurrency, maxQueued: opts.config.pdfMaxQueued, perClient: opts.config.pdfPerClient,
    });
    fastify.decorate('pdf', pdf);
    // Start-up may wait for the lock like any tool (migrations, backfills); once serving, one write
    // attempt may hold the event loop only briefly (server/db/busy.ts).
    if (database.engine === 'sqlite') {
      const { sqlite } = database;
      fastify.addHook('onReady', async () => {
        sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      });
    }
    // A write waits for a lock another process holds asynchronously, before it starts, so it fails
    // as a whole (503, nothing changed) rather than half-way. Routes that write nothing, or retry
    // on their own (saving answers), opt out with config.writesDatabase = false.
    if (database.engine === 'sqlite') {
      fastify.addHook('preHandler', async (request) => {
        if (SAFE_METHODS.has(request.method) || request.routeOptions.config.writesDatabase === false) return;
        await writeGate.ready();
      });
    }
    const inlineChecker = createInlineChecker({
      questionnairesDir: opts.config.questionnairesDir, timeoutMs: opts.config.inlineCheckTimeoutMs,
      maxQueued: opts.config.inlineCheckMaxQueued, perClient: opts.config.inlineCheckPerClient,
    });
    fastify.decorate('inlineChecker', inlineChecker);
    fastify.addHook('onClose', async () => {
      await inlineChecker.close();
      await pdf.close();
      await checkpointer?.stop();
      await database.close();
    });
  },
  { name: 'services' },
);
