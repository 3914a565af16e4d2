import type { Kysely } from 'kysely';
import type { Questionnaire } from '../../core/types.js';
import type { Schema } from '../db/schema.js';
import type { LoadedQuestionnaire } from '../questionnaires/catalog.js';

export function createSnapshotRepository(db: Kysely<Schema>) {
  const select = (hash: string) => db.selectFrom('questionnaire_snapshots').select('document').where('hash', '=', hash).executeTakeFirst();
  // Snapshots never change once written (the hash is of the content), so parsed documents can be kept
  // for the life of the process, by every instance alike.
  const cache = new Map<string, Questionnaire>();

  return {
    /** Stores the questionnaire as loaded now, once per distinct content. */
    async ensure(q: LoadedQuestionnaire): Promise<void> {
      if (cache.has(q.hash)) return;
      await db.insertInto('questionnaire_snapshots')
        .values({ hash: q.hash, questionnaire_id: q.document.id, version: q.document.version, area: q.document.area, document: q.canonical, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('hash').doNothing()).execute();
      cache.set(q.hash, q.document);
    },

    /** The snapshot as its stored JSON text: sent as is, without serialising the document again. */
    json: async (hash: string): Promise<string | undefined> => (await select(hash))?.document,

    /** The parsed snapshot; from memory without a query once this process has seen it. */
    async get(hash: string): Promise<Questionnaire | undefined> {
      let doc = cache.get(hash);
      if (!doc) {
        const row = await select(hash);
        if (!row) return undefined;
        doc = JSON.parse(row.document) as Questionnaire;
        cache.set(hash, doc);
      }
      return doc;
    },
  };
}

export type SnapshotRepository = ReturnType<typeof createSnapshotRepository>;
