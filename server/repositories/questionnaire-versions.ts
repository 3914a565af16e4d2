// Questionnaire versions in the database (migration 018, docs/editor.md). State changes are single
// conditional UPDATEs (WHERE status = … / revision = …), so two editors acting at once cannot both
// win: the loser changes nothing and is told why by the service.
import type { Kysely, Selectable } from 'kysely';
import { newId } from '../auth/tokens.js';
import { changed } from '../db/dialect.js';
import type { QuestionnaireVersionsTable, Schema } from '../db/schema.js';

export type VersionRow = Selectable<QuestionnaireVersionsTable>;
export type VersionStatus = VersionRow['status'];
export type VersionSummary = Omit<VersionRow, 'document'>;

/** The list is for picking a version to open; far more than any installation will have. */
export const VERSION_LIST_MAX = 500;

/**
 * Published versions the editor may have at once (POST …/publish refuses past it: 409
 * too-many-published). Which version is served is read from every published row (published()), which
 * must therefore never be cut: the rest of VERSION_LIST_MAX is room for the shipped files imported at
 * start-up, each release adding at most one per area.
 */
export const MAX_PUBLISHED = 400;

const SUMMARY_COLUMNS = [
  'id', 'questionnaire_id', 'area', 'version', 'status', 'hash', 'based_on', 'revision', 'created_by', 'updated_by',
  'submitted_by', 'approved_by', 'created_at', 'updated_at', 'published_at', 'retired_at',
] as const;

export function createVersionRepository(db: Kysely<Schema>) {
  const now = () => new Date().toISOString();
  return {
    list: () => db.selectFrom('questionnaire_versions').select(SUMMARY_COLUMNS)
      .orderBy('updated_at', 'desc').orderBy('id').limit(VERSION_LIST_MAX).execute() as Promise<VersionSummary[]>,

    find: (id: string) => db.selectFrom('questionnaire_versions').selectAll().where('id', '=', id).executeTakeFirst(),

    /**
     * Stores a shipped file as a published version unless its content is stored already. The partial
     * unique indexes (hash; questionnaire and number) make two instances starting together insert once.
     */
    async importPublished(v: { questionnaireId: string; area: string; version: string; document: string; hash: string }): Promise<'added' | 'present' | 'number-taken'> {
      const at = now();
      const result = await db.insertInto('questionnaire_versions').values({
        id: newId(), questionnaire_id: v.questionnaireId, area: v.area, version: v.version, status: 'published', document: v.document,
        hash: v.hash, created_at: at, updated_at: at, published_at: at,
      }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      if (changed(result) > 0) return 'added';
      const same = await db.selectFrom('questionnaire_versions').select('id').where('hash', '=', v.hash).where('status', 'in', ['published', 'retired']).executeTakeFirst();
      return same ? 'present' : 'number-taken';
    },

    async createDraft(v: { questionnaireId: string; area: string; version: string; document: string; basedOn: string | null; by: string }): Promise<VersionRow> {
      const at = now();
      const row = {
        id: newId(), questionnaire_id: v.questionnaireId, area: v.area, version: v.version, status: 'draft' as const, document: v.document,
        hash: null, based_on: v.basedOn, revision: 1, created_by: v.by, updated_by: v.by, submitted_by: null, approved_by: null,
        created_at: at, updated_at: at, published_at: null, retired_at: null,
      };
      await db.insertInto('questionnaire_versions').values(row).execute();
      return row;
    },

    /** Saves a draft only at the revision the editor started from; false when it was not (or is no draft). */
    async saveDraft(id: string, expectedRevision: number, v: { document: string; hash: string; questionnaireId: string; area: string; by: string }): Promise<boolean> {
      const result = await db.updateTable('questionnaire_versions')
        .set((eb) => ({
          document: v.document, hash: v.hash, questionnaire_id: v.questionnaireId, area: v.area, updated_by: v.by, updated_at: now(),
          revision: eb('revision', '+', 1),
        }))
        .where('id', '=', id).where('status', '=', 'draft').where('revision', '=', expectedRevision).executeTakeFirst();
      return changed(result) === 1;
    },

    /**
     * Moves a version from one status to another; false when it was no longer in `from` (or, with
     * `revision`, no longer at that revision: the check made on it and this write cannot be split).
     */
    async transition(id: string, from: VersionStatus, set: Partial<Omit<VersionRow, 'id' | 'revision'>>, extra: { approved?: true; revision?: number } = {}): Promise<boolean> {
      let q = db.updateTable('questionnaire_versions')
        .set((eb) => ({ ...set, updated_at: set.updated_at ?? now(), revision: eb('revision', '+', 1) }))
        .where('id', '=', id).where('status', '=', from);
      if (extra.approved) q = q.where('approved_by', 'is not', null);
      if (extra.revision !== undefined) q = q.where('revision', '=', extra.revision);
      return changed(await q.executeTakeFirst()) === 1;
    },

    /** The numbers given to a questionnaire so far (published or retired), to find the latest. */
    numbered: (questionnaireId: string) => db.selectFrom('questionnaire_versions').select(['id', 'version', 'published_at'])
      .where('questionnaire_id', '=', questionnaireId).where('status', 'in', ['published', 'retired']).execute(),

    /** What a draft was started from, without its document: one step back along based_on. */
    origin: (id: string) => db.selectFrom('questionnaire_versions').select(['id', 'questionnaire_id', 'status', 'based_on', 'created_at'])
      .where('id', '=', id).executeTakeFirst(),

    /**
     * Every published version's id, number and hash, without documents: read on every request that
     * lists or starts questionnaires, answered from the index questionnaire_versions_served alone.
     */
    countPublished: async () => Number((await db.selectFrom('questionnaire_versions').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'published').executeTakeFirst())?.n ?? 0),

    published: () => db.selectFrom('questionnaire_versions').select(['questionnaire_id', 'version', 'hash'])
      .where('status', '=', 'published').orderBy('questionnaire_id').limit(VERSION_LIST_MAX).execute(),

    /** A published (or since retired) version's document by its content hash. */
    documentByHash: async (hash: string) => (await db.selectFrom('questionnaire_versions').select('document')
      .where('hash', '=', hash).where('status', 'in', ['published', 'retired']).executeTakeFirst())?.document,
  };
}

export type VersionRepository = ReturnType<typeof createVersionRepository>;
