// The action plan of a response (issue 16): one row per adopted action, keyed by its question.
import type { Kysely } from 'kysely';
import { newId } from '../auth/tokens.js';
import { takeTurn } from '../db/dialect.js';
import type { Row, Schema } from '../db/schema.js';

export type PlanItemRow = Row<'plan_items'>;
export type PlanStatus = PlanItemRow['status'];

/** A plan is a short list of things to do; more than this is no plan, and it bounds every export. */
export const MAX_PLAN_ITEMS = 100;

export interface PlanFields {
  owner: string;
  due_date: string | null;
  status: PlanStatus;
  drop_reason: string | null;
  note: string;
  evidence_url: string | null;
}

export function createPlanItemRepository(db: Kysely<Schema>) {
  const list = (responseId: string): Promise<PlanItemRow[]> =>
    db.selectFrom('plan_items').selectAll().where('response_id', '=', responseId)
      .orderBy('created_at').orderBy('id').limit(MAX_PLAN_ITEMS).execute();

  return {
    list,
    find: (responseId: string, questionId: string) =>
      db.selectFrom('plan_items').selectAll().where('response_id', '=', responseId).where('question_id', '=', questionId).executeTakeFirst(),

    /**
     * Adopts an action (kind and values as the report has them now) or updates the item already
     * there, with the fields `merge` makes of the item as stored (undefined when there is none).
     * Returns undefined when adopting would pass MAX_PLAN_ITEMS.
     * Saves of one response's plan take turns on its response row, from any instance: the second of two
     * adopting the same action at once finds the first's item and updates it, and the cap holds. The
     * change is merged into the item as read in that turn, so two saves of different fields at once
     * (two tabs) keep both: merged before, the later would write back the other's field as it was.
     */
    async save(responseId: string, questionId: string, merge: (existing: PlanItemRow | undefined) => PlanFields, adopt: { kind: string; values: string[] }): Promise<PlanItemRow | undefined> {
      const now = new Date().toISOString();
      return db.transaction().execute(async (trx) => {
        await takeTurn(trx, 'responses', responseId);
        const existing = await trx.selectFrom('plan_items').selectAll().where('response_id', '=', responseId).where('question_id', '=', questionId).executeTakeFirst();
        const fields = merge(existing);
        if (existing) {
          await trx.updateTable('plan_items').set({ ...fields, updated_at: now }).where('id', '=', existing.id).execute();
          return { ...existing, ...fields, updated_at: now };
        }
        const { n } = await trx.selectFrom('plan_items').select((eb) => eb.fn.countAll<number | string>().as('n')).where('response_id', '=', responseId).executeTakeFirstOrThrow();
        if (Number(n) >= MAX_PLAN_ITEMS) return undefined;
        const row: PlanItemRow = {
          id: newId(), response_id: responseId, question_id: questionId, kind: adopt.kind, values_json: JSON.stringify(adopt.values),
          ...fields, carried_from: null, created_at: now, updated_at: now,
        };
        await trx.insertInto('plan_items').values(row).execute();
        return row;
      });
    },

    remove: async (responseId: string, questionId: string): Promise<boolean> => {
      const r = await db.deleteFrom('plan_items').where('response_id', '=', responseId).where('question_id', '=', questionId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /**
     * A new response's plan from an imported file, in the file's order, in one statement. Only for a
     * response that has no plan yet (one just created by the import); at most MAX_PLAN_ITEMS items.
     */
    async restore(responseId: string, items: ReadonlyArray<{ questionId: string; fields: PlanFields; adopt: { kind: string; values: string[] } }>): Promise<void> {
      if (!items.length) return;
      const kept = items.slice(0, MAX_PLAN_ITEMS);
      const now = Date.now();
      await db.insertInto('plan_items').values(kept.map((item, i) => {
        // A millisecond apart, the last one now, so the plan keeps the file's order (it is listed by
        // created_at) and an item adopted right after still comes last.
        const at = new Date(now - (kept.length - 1 - i)).toISOString();
        return {
          id: newId(), response_id: responseId, question_id: item.questionId, kind: item.adopt.kind, values_json: JSON.stringify(item.adopt.values),
          ...item.fields, carried_from: null, created_at: at, updated_at: at,
        };
      })).execute();
    },

    /** A re-take starts with what was still to do: open and in-progress items, each naming the item it came from. */
    async carryOver(fromResponseId: string, toResponseId: string): Promise<number> {
      const open = (await list(fromResponseId)).filter((r) => r.status === 'open' || r.status === 'in_progress');
      if (!open.length) return 0;
      const now = new Date().toISOString();
      await db.insertInto('plan_items').values(open.map((r) => ({
        // created_at stays the adoption date, which also keeps the plan in its order.
        ...r, id: newId(), response_id: toResponseId, carried_from: r.id, updated_at: now,
      }))).execute();
      return open.length;
    },
  };
}

export type PlanItemRepository = ReturnType<typeof createPlanItemRepository>;
