import type { Questionnaire } from '../../core/types.js';
import type { DB } from '../db/database.js';
import type { LoadedQuestionnaire } from '../questionnaires/catalog.js';

export function createSnapshotRepository(db: DB) {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO questionnaire_snapshots (hash, questionnaire_id, version, area, document, created_at)
     VALUES (@hash, @id, @version, @area, @document, @createdAt)`,
  );
  const select = db.prepare('SELECT document FROM questionnaire_snapshots WHERE hash = ?');
  // Snapshots never change once written, so parsed documents can be kept for the life of the process.
  const cache = new Map<string, Questionnaire>();

  return {
    /** Stores the questionnaire as loaded now, once per distinct content. */
    ensure(q: LoadedQuestionnaire): void {
      if (cache.has(q.hash)) return;
      insert.run({ hash: q.hash, id: q.document.id, version: q.document.version, area: q.document.area, document: q.canonical, createdAt: new Date().toISOString() });
      cache.set(q.hash, q.document);
    },

    /** The snapshot as its stored JSON text: sent as is, without serialising the document again. */
    json(hash: string): string | undefined {
      return (select.get(hash) as { document: string } | undefined)?.document;
    },

    get(hash: string): Questionnaire | undefined {
      let doc = cache.get(hash);
      if (!doc) {
        const row = select.get(hash) as { document: string } | undefined;
        if (!row) return undefined;
        doc = JSON.parse(row.document) as Questionnaire;
        cache.set(hash, doc);
      }
      return doc;
    },
  };
}

export type SnapshotRepository = ReturnType<typeof createSnapshotRepository>;
