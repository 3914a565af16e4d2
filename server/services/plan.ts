// The action plan as the founder reads it: each adopted action with what has happened since the
// previous attempt (its answer, its values' scores, and whether it now looks done), and the same
// plan as CSV and as an iCalendar file of due dates.
import { text } from '../../core/localize.js';
import { isScored } from '../../core/scoring.js';
import type { Locale, Questionnaire } from '../../core/types.js';
import { questionsById } from '../../core/visibility.js';
import { Compile } from 'typebox/compile';
import { badRequest, HttpError } from '../errors.js';
import { ImportedPlanItem } from '../schemas/plan.js';
import { amsterdamDay, csvDocument, dialectFor, type Cell } from '../export/csv.js';
import { calendar } from '../export/ical.js';
import type { PlanFields, PlanItemRow } from '../repositories/plan-items.js';
import type { StoredReport } from '../report/report-service.js';

export interface PlanInput {
  owner?: string;
  dueDate?: string | null;
  status?: PlanFields['status'];
  dropReason?: string | null;
  note?: string;
  evidenceUrl?: string | null;
}

const importedItem = Compile(ImportedPlanItem);

const ACTION_KINDS = new Set(['knockout', 'unknown-risk', 'improve']);

/** How a dropped item is named: its question id when it has a readable one. */
const nameOf = (item: unknown) => {
  const id = (item as { questionId?: unknown } | null)?.questionId;
  return typeof id === 'string' && id.length <= 80 ? id : '?';
};

/**
 * Which items of an imported plan a new response takes over, checked as the plan routes check them:
 * the shape and bounds of `PUT …/plan/:questionId`, a scored question (only those become actions) of
 * the questionnaire served now, valid fields (a real date; a dropped item with its reason), each
 * question once. An item whose question is on the new answers' action list is adopted as that action;
 * another (an action done since, say) keeps the kind and values it was exported with, as far as they
 * still exist. Every other item is named in `dropped`, like answers that no longer fit: one bad item
 * (from an edited file, or a newer instance's status) never costs the founder the rest of the file.
 */
export function importablePlan(
  items: readonly unknown[], questionnaire: Questionnaire,
  actions: ReadonlyArray<{ question: string; kind: string; values: readonly string[] }>, valueIds: ReadonlySet<string>,
) {
  const questions = questionsById(questionnaire);
  const actionOf = new Map(actions.map((a) => [a.question, a]));
  const kept: Array<{ questionId: string; fields: PlanFields; adopt: { kind: string; values: string[] } }> = [];
  const dropped = new Set<string>();
  const seen = new Set<string>();
  for (const item of items) {
    if (!importedItem.Check(item)) {
      dropped.add(nameOf(item));
      continue;
    }
    const question = questions.get(item.questionId);
    if (!question || !isScored(question) || seen.has(item.questionId)) {
      dropped.add(item.questionId);
      continue;
    }
    let fields: PlanFields;
    try {
      fields = mergePlanFields(undefined, item);
    } catch (err) {
      // What the plan route would answer 400 to; anything else is a bug, not bad input.
      if (!(err instanceof HttpError)) throw err;
      dropped.add(item.questionId);
      continue;
    }
    seen.add(item.questionId);
    const action = actionOf.get(item.questionId);
    const adopt = action
      ? { kind: action.kind, values: [...action.values] }
      : { kind: item.kind && ACTION_KINDS.has(item.kind) ? item.kind : 'improve', values: (item.values ?? []).filter((v) => valueIds.has(v)) };
    kept.push({ questionId: item.questionId, fields, adopt });
  }
  return { kept, dropped: [...dropped] };
}

/** The stored fields after applying a change; an item being adopted starts open and empty. */
export function mergePlanFields(existing: PlanItemRow | undefined, input: PlanInput): PlanFields {
  const status = input.status ?? existing?.status ?? 'open';
  const dueDate = input.dueDate === undefined ? existing?.due_date ?? null : input.dueDate;
  if (dueDate !== null) {
    // "2027-13-01" fits the pattern but is no date at all (an Invalid Date, whose toISOString throws).
    const date = new Date(`${dueDate}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== dueDate) throw badRequest('invalid-request', `dueDate: ${dueDate} is not a date`);
  }
  const evidence = input.evidenceUrl === undefined ? existing?.evidence_url ?? null : input.evidenceUrl?.trim() || null;
  if (evidence !== null) {
    let ok = false;
    try { ok = ['http:', 'https:'].includes(new URL(evidence).protocol); } catch { /* not a URL */ }
    if (!ok) throw badRequest('invalid-request', 'evidenceUrl: only an http(s) address');
  }
  const reason = (input.dropReason === undefined ? existing?.drop_reason ?? null : input.dropReason)?.trim() || null;
  if (status === 'dropped' && !reason) throw badRequest('drop-reason-required', 'a dropped action needs a reason (dropReason)');
  return {
    owner: (input.owner ?? existing?.owner ?? '').trim(),
    due_date: dueDate,
    status,
    // A reason belongs to the dropping; taking the action up again clears it.
    drop_reason: status === 'dropped' ? reason : null,
    note: input.note ?? existing?.note ?? '',
    evidence_url: evidence,
  };
}

export function planView(items: PlanItemRow[], report: StoredReport, questionnaire: Questionnaire, locale: Locale) {
  const questions = questionsById(questionnaire);
  const changes = new Map((report.changes?.sections ?? []).flatMap((s) => s.changes.map((c) => [c.question, c] as const)));
  const previous = report.history.at(-1);
  // A due date is a Dutch calendar day: in UTC the day before lasts until 01:00 (02:00 in summer).
  const today = amsterdamDay();
  return {
    previousAttempt: previous ? { id: previous.id, submittedAt: previous.submittedAt } : null,
    items: items.map((r) => {
      const values = JSON.parse(r.values_json) as string[];
      const contributions = report.values.flatMap((v) => v.contributions.filter((c) => c.question === r.question_id));
      const change = changes.get(r.question_id);
      const active = r.status === 'open' || r.status === 'in_progress';
      return {
        id: r.id,
        questionId: r.question_id,
        prompt: questions.has(r.question_id) ? text(questions.get(r.question_id)!.prompt, locale) : r.question_id,
        kind: r.kind,
        values,
        owner: r.owner,
        dueDate: r.due_date,
        status: r.status,
        dropReason: r.drop_reason,
        note: r.note,
        evidenceUrl: r.evidence_url,
        carriedFrom: r.carried_from,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        overdue: active && r.due_date !== null && r.due_date < today,
        /** Whether the question is still on this report's action list. */
        onActionList: report.actions.some((a) => a.question === r.question_id),
        /** How its answer changed since the previous attempt (null: unchanged, or no earlier attempt). */
        change: change ? { kind: change.kind, before: change.before, after: change.after } : null,
        valueChanges: report.values.filter((v) => values.includes(v.id)).map((v) => ({ id: v.id, name: v.name, score: v.score, change: v.change })),
        // Full marks on every value the question counts for: the action has done its work.
        suggestDone: active && contributions.length > 0 && contributions.every((c) => c.score === 1),
      };
    }),
  };
}

export type PlanView = ReturnType<typeof planView>;

const WORDS = {
  nl: {
    headings: ['Vraagcode', 'Actie', 'Soort', 'Waarden', 'Eigenaar', 'Uiterlijk', 'Status', 'Reden vervallen', 'Notitie', 'Bewijs (link)', 'Statuscode'],
    status: { open: 'Open', in_progress: 'Bezig', done: 'Gedaan', dropped: 'Vervallen' },
    kind: { knockout: 'geschonden randvoorwaarde', 'unknown-risk': 'onbekend risico', improve: 'verbeterpunt' } as Record<string, string>,
    calendar: 'Actieplan Zelftoets', owner: 'Eigenaar', status_: 'Status', note: 'Notitie', evidence: 'Bewijs',
  },
  en: {
    headings: ['Question code', 'Action', 'Kind', 'Values', 'Owner', 'Due date', 'Status', 'Reason dropped', 'Note', 'Evidence (link)', 'Status code'],
    status: { open: 'Open', in_progress: 'In progress', done: 'Done', dropped: 'Dropped' },
    kind: { knockout: 'violated precondition', 'unknown-risk': 'unknown risk', improve: 'improvement' } as Record<string, string>,
    calendar: 'Self-assessment action plan', owner: 'Owner', status_: 'Status', note: 'Note', evidence: 'Evidence',
  },
} as const;

export function planCsv(view: PlanView, report: StoredReport, locale: Locale): string {
  const w = WORDS[locale];
  const names = new Map(report.values.map((v) => [v.id, v.name]));
  const rows: Cell[][] = [[...w.headings]];
  for (const i of view.items) {
    rows.push([
      i.questionId, i.prompt, w.kind[i.kind] ?? i.kind, i.values.map((v) => names.get(v) ?? v).join('; '), i.owner, i.dueDate,
      w.status[i.status], i.dropReason, i.note, i.evidenceUrl, i.status,
    ]);
  }
  return csvDocument(rows, dialectFor(locale));
}

export function planIcs(view: PlanView, locale: Locale): string {
  const w = WORDS[locale];
  const events = view.items.filter((i) => i.dueDate !== null).map((i) => ({
    // The item's id is stable while the item exists, so importing the file again updates instead of duplicating.
    uid: `${i.id}@zelftoets`,
    stamp: i.updatedAt,
    date: i.dueDate!,
    summary: i.prompt,
    description: [
      `${w.status_}: ${w.status[i.status]}`,
      i.owner ? `${w.owner}: ${i.owner}` : '',
      i.note ? `${w.note}: ${i.note}` : '',
      i.evidenceUrl ? `${w.evidence}: ${i.evidenceUrl}` : '',
    ].filter(Boolean).join('\n'),
    cancelled: i.status === 'dropped',
  }));
  return calendar(w.calendar, events);
}
