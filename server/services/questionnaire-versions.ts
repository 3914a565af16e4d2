// The lifecycle of a questionnaire version (docs/editor.md): draft → in review → approved →
// published → retired. Rules live here; the routes only translate HTTP. Every state change is
// audited in the same transaction as the change itself.
import type { Kysely } from 'kysely';
import { compareVersions, diffQuestionnaires, nextVersion } from '../../core/questionnaire-diff.js';
import type { Questionnaire } from '../../core/types.js';
import { canApproveVersion, type Auth } from '../auth/permissions.js';
import { isUniqueViolation, takeNamedTurn } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';
import { conflict, forbidden, HttpError, notFound } from '../errors.js';
import { canonicalJson, sha256, type Catalog } from '../questionnaires/catalog.js';
import { createAuditRepository } from '../repositories/audit.js';
import { createSnapshotRepository } from '../repositories/snapshots.js';
import { createVersionRepository, MAX_PUBLISHED, type VersionRepository, type VersionRow, type VersionStatus } from '../repositories/questionnaire-versions.js';

export interface Fault {
  pointer: string;
  message: string;
}

/** At most this many faults are returned: the first ones say enough to start fixing. */
export const FAULTS_MAX = 200;

const ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** The smallest document the loader accepts: one section with one free-text question. */
export function skeleton(questionnaireId: string, area: string): Questionnaire {
  return {
    id: questionnaireId,
    version: '0.0.0',
    area,
    title: { nl: questionnaireId, en: questionnaireId },
    sections: [{ id: 'section-1', title: { nl: 'Sectie 1', en: 'Section 1' }, questions: [{ id: 'question-1', type: 'text', prompt: { nl: 'Vraag 1', en: 'Question 1' } }] }],
  };
}

export function createVersionService(deps: { db: Kysely<Schema>; catalog: Catalog }) {
  const { db, catalog } = deps;
  const versions = createVersionRepository(db);

  const validate = (document: unknown): Fault[] =>
    catalog.validate(document, 'draft').slice(0, FAULTS_MAX).map(({ pointer, message }) => ({ pointer, message }));

  async function load(id: string): Promise<VersionRow> {
    const row = await versions.find(id);
    if (!row) throw notFound('version-not-found', 'no questionnaire version with this id');
    return row;
  }

  const wrongStatus = (row: VersionRow, wanted: string) =>
    conflict('version-wrong-status', `this version is ${row.status.replace('_', ' ')}; this step needs it to be ${wanted}`);

  const versionChanged = (now: VersionRow, seen: number) =>
    new HttpError(409, 'version-changed', `this version changed since revision ${seen}: it is at revision ${now.revision}. Reload it and look at it again`,
      [{ pointer: '/revision', message: String(now.revision) }]);

  /** A conditional transition with its audit entry, in `trx`; a lost race is answered from the row as it now is. */
  async function moveIn(trx: Kysely<Schema>, auth: Auth, id: string, from: VersionStatus, set: Partial<VersionRow>, action: string, extra: { approved?: true; revision?: number; then?: (trx: Kysely<Schema>) => Promise<void> } = {}) {
    const inTrx = createVersionRepository(trx);
    if (!(await inTrx.transition(id, from, set, extra))) {
      // Read within the transaction: on SQLite the one connection is held by it.
      const now = await inTrx.find(id);
      if (!now) throw notFound('version-not-found', 'no questionnaire version with this id');
      if (now.status === from && extra.revision !== undefined && now.revision !== extra.revision) throw versionChanged(now, extra.revision);
      if (now.status === from && extra.approved) throw conflict('version-not-approved', 'this version has not been approved yet');
      throw wrongStatus(now, from.replace('_', ' '));
    }
    const row = (await inTrx.find(id))!;
    await extra.then?.(trx);
    await createAuditRepository(trx).record({
      actorType: 'user', actorId: auth.userId, action,
      detail: { version: id, questionnaire: row.questionnaire_id, number: row.version || null },
    });
  }

  async function move(auth: Auth, id: string, from: VersionStatus, set: Partial<VersionRow>, action: string, extra: { approved?: true; revision?: number } = {}) {
    await db.transaction().execute((trx) => moveIn(trx, auth, id, from, set, action, extra));
    return load(id);
  }

  /**
   * The version of this questionnaire published after the draft's start, whose changes publishing the
   * draft would undo; undefined when there is none. A draft follows its based_on back to a numbered
   * version of its questionnaire: it is current when that is the latest. A lineage without one (a new
   * questionnaire, or a draft whose id was changed) is current unless a version of the id was published
   * once its first draft existed.
   */
  async function newerThanStart(repo: VersionRepository, row: VersionRow, numbered: Array<{ id: string; version: string; published_at: string | null }>) {
    const latest = numbered[0];
    if (!latest) return undefined;
    let started = row.created_at;
    let base = row.based_on;
    while (base) {
      const from = await repo.origin(base);
      if (!from) break;
      if (from.status === 'published' || from.status === 'retired') {
        if (from.questionnaire_id === row.questionnaire_id) return from.id === latest.id ? undefined : latest;
        break;
      }
      started = from.created_at;
      base = from.based_on;
    }
    return numbered.some((v) => v.published_at !== null && v.published_at >= started) ? latest : undefined;
  }

  return {
    repo: versions,
    validate,
    load,

    /** The shipped files as published versions, once per content (start-up; docs/editor.md "Import"). */
    async importShipped(log: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void }) {
      for (const q of catalog.questionnaires.values()) {
        const outcome = await versions.importPublished({
          questionnaireId: q.document.id, area: q.document.area, version: q.document.version, document: JSON.stringify(q.document), hash: q.hash,
        });
        if (outcome === 'added') log.info({ questionnaire: q.document.id, version: q.document.version }, 'questionnaire file stored as a published version');
        if (outcome === 'number-taken') {
          log.warn({ questionnaire: q.document.id, version: q.document.version, file: q.file },
            'a different questionnaire version with this number is stored already; the file is not imported (give it a new version number)');
        }
      }
    },

    async createDraft(auth: Auth, body: { from?: string; questionnaireId?: string; area?: string }): Promise<VersionRow> {
      let draft: VersionRow;
      if (body.from) {
        const base = await load(body.from);
        draft = await versions.createDraft({
          questionnaireId: base.questionnaire_id, area: base.area, version: base.version, document: base.document, basedOn: base.id, by: auth.userId,
        });
      } else {
        if (!body.questionnaireId) throw new HttpError(400, 'invalid-request', 'name the version to start from (from) or the id of a new questionnaire (questionnaireId)');
        const area = body.area ?? body.questionnaireId;
        draft = await versions.createDraft({
          questionnaireId: body.questionnaireId, area, version: '', document: JSON.stringify(skeleton(body.questionnaireId, area)), basedOn: null, by: auth.userId,
        });
      }
      await createAuditRepository(db).record({ actorType: 'user', actorId: auth.userId, action: 'version.create', detail: { version: draft.id, from: body.from ?? null } });
      return draft;
    },

    /** Saves a draft whatever its faults (autosave), but only over the revision the editor last saw. */
    async save(auth: Auth, id: string, document: Record<string, unknown>, revision: number): Promise<{ row: VersionRow; faults: Fault[] }> {
      const row = await load(id);
      if (row.status !== 'draft') throw conflict('version-not-draft', `this version is ${row.status.replace('_', ' ')}; only a draft can be changed (withdraw it from review first)`);
      const faults = validate(document);
      // The row follows the document's own id and area while they are usable; an unfinished edit keeps the last good ones.
      const questionnaireId = typeof document.id === 'string' && ID.test(document.id) ? document.id : row.questionnaire_id;
      const area = typeof document.area === 'string' && ID.test(document.area) ? document.area : row.area;
      const ok = await versions.saveDraft(id, revision, { document: JSON.stringify(document), hash: sha256(canonicalJson(document)), questionnaireId, area, by: auth.userId });
      if (!ok) {
        const now = await load(id);
        if (now.status !== 'draft') throw conflict('version-not-draft', `this version is ${now.status.replace('_', ' ')}; only a draft can be changed`);
        throw new HttpError(409, 'draft-conflict', `this draft was saved by someone else in the meantime: it is at revision ${now.revision}, not ${revision}. Reload it; nothing was overwritten`,
          [{ pointer: '/revision', message: String(now.revision) }]);
      }
      return { row: await load(id), faults };
    },

    async submit(auth: Auth, id: string): Promise<VersionRow> {
      const row = await load(id);
      if (row.status !== 'draft') throw wrongStatus(row, 'a draft');
      const faults = validate(JSON.parse(row.document));
      if (faults.length) throw new HttpError(422, 'draft-invalid', `the draft has ${faults.length} fault(s); fix them before asking for review`, faults);
      return move(auth, id, 'draft', { status: 'in_review', submitted_by: auth.userId, approved_by: null }, 'version.submit');
    },

    withdraw: (auth: Auth, id: string) => move(auth, id, 'in_review', { status: 'draft', submitted_by: null, approved_by: null }, 'version.withdraw'),

    async approve(auth: Auth, id: string, revision: number): Promise<VersionRow> {
      const row = await load(id);
      if (row.status !== 'in_review') throw wrongStatus(row, 'in review');
      if (row.revision !== revision) throw versionChanged(row, revision);
      if (!canApproveVersion(auth, { updatedBy: row.updated_by, submittedBy: row.submitted_by })) {
        throw forbidden('a version is approved by someone other than whoever last changed it or submitted it', 'approver-is-author');
      }
      // At the revision checked here and seen by the approver: anything written since fails the update.
      return move(auth, id, 'in_review', { approved_by: auth.userId, status: 'in_review' }, 'version.approve', { revision });
    },

    async publish(auth: Auth, id: string): Promise<VersionRow> {
      const row = await load(id);
      if (row.status !== 'in_review') throw wrongStatus(row, 'in review and approved');
      if (!row.approved_by) throw conflict('version-not-approved', 'this version has not been approved yet');
      const document = JSON.parse(row.document) as Record<string, unknown>;
      const faults = validate(document);
      if (faults.length) throw new HttpError(422, 'draft-invalid', `the version has ${faults.length} fault(s)`, faults);
      let number = '';
      try {
        await db.transaction().execute(async (trx) => {
          // One publication of a questionnaire at a time, on any instance: the latest number read here
          // is still the latest when this one is written, so a second publication waits and then finds
          // its draft outdated instead of taking a number beside this one.
          await takeNamedTurn(trx, `questionnaire-version:${row.questionnaire_id}`);
          const inTrx = createVersionRepository(trx);
          const numbered = (await inTrx.numbered(row.questionnaire_id)).sort((a, b) => compareVersions(b.version, a.version));
          const newer = await newerThanStart(inTrx, row, numbered);
          if (newer) {
            throw conflict('draft-outdated', `version ${newer.version} of ${row.questionnaire_id} was published after this draft was started, and publishing the draft would undo its changes. Start a new draft from version ${newer.version} and make the changes there`);
          }
          if ((await inTrx.countPublished()) >= MAX_PUBLISHED) {
            throw conflict('too-many-published', `at most ${MAX_PUBLISHED} versions can be published at once; retire versions no longer needed first`);
          }
          const latest = numbered[0];
          const bump = latest ? diffQuestionnaires(JSON.parse((await inTrx.find(latest.id))!.document), document).bump : 'major';
          number = nextVersion(latest?.version ?? null, bump);
          const published = { ...document, version: number } as unknown as Questionnaire;
          const canonical = canonicalJson(published);
          const hash = sha256(canonical);
          // At the revision validated and compared above: a version withdrawn, changed and approved again meanwhile is not published unread.
          await moveIn(trx, auth, id, 'in_review', {
            status: 'published', version: number, document: JSON.stringify(published), hash, published_at: new Date().toISOString(),
          }, 'version.publish', {
            approved: true,
            revision: row.revision,
            // Respondents are served it from this moment (docs/editor.md, "Serving versions"): its snapshot, which responses bind to, exists with it.
            then: (t) => createSnapshotRepository(t).ensure({ file: `${row.questionnaire_id}@${number}`, document: published, canonical, hash }),
          });
        });
      } catch (err) {
        // The same content was published at the same moment, or a shipped file took the number at start-up.
        if (isUniqueViolation(err)) throw conflict('publish-conflict', `version ${number} of ${row.questionnaire_id} was published by someone else just now; publish again to get the next number`);
        throw err;
      }
      return load(id);
    },

    retire: (auth: Auth, id: string) => move(auth, id, 'published', { status: 'retired', retired_at: new Date().toISOString() }, 'version.retire'),
  };
}

export type VersionService = ReturnType<typeof createVersionService>;
