// Item-level verdicts, clarification threads (messages and files) and answer revisions (issue 14,
// item 3). Every read names the programme: a thread or verdict written in one programme is never
// shown in another. Takes the app's database or an open transaction.
import type { Kysely } from 'kysely';
import { newId } from '../auth/tokens.js';
import type { Schema } from '../db/schema.js';

export type Verdict = 'accepted' | 'clarification' | 'evidence';
export type RequestKind = 'clarification' | 'evidence';
export type FileType = 'application/pdf' | 'image/png' | 'image/jpeg';

export interface VerdictRow {
  question_id: string;
  assessor_id: string;
  assessor_name: string;
  assessor_email: string;
  verdict: Verdict;
  message: string;
  updated_at: string;
}

export interface MessageRow {
  id: string;
  thread_id: string;
  author_kind: 'assessor' | 'startup';
  author_id: string | null;
  author_name: string | null;
  author_email: string | null;
  kind: RequestKind | null;
  body: string;
  links: string;
  file_id: string | null;
  file_name: string | null;
  file_type: FileType | null;
  file_size: number | null;
  revision: number | null;
  created_at: string;
}

/** Revisions read for a view: a startup could make far more by answering requests with corrections. */
export const MAX_REVISIONS = 500;

export interface RevisionRow {
  number: number;
  changes: string;
  scores: string;
  thread_id: string | null;
  created_at: string;
}

/** The most threads one list shows: a questionnaire has fewer questions than this. */
const MAX_THREADS = 300;
/** Messages per thread that are read back; a thread is bounded on write (MAX_MESSAGES_PER_THREAD). */
export const MAX_MESSAGES_PER_THREAD = 50;
export const MAX_FILES_PER_THREAD = 5;

export function createClarificationRepository(db: Kysely<Schema>) {
  const threadsOf = (responseId: string, programmeId: string) =>
    db.selectFrom('clarification_threads').selectAll().where('response_id', '=', responseId).where('programme_id', '=', programmeId)
      .orderBy('created_at').orderBy('id').limit(MAX_THREADS).execute();

  return {
    async setVerdict(input: { responseId: string; programmeId: string; assessorId: string; questionId: string; verdict: Verdict; message: string }) {
      const now = new Date().toISOString();
      await db.insertInto('answer_verdicts').values({
        response_id: input.responseId, programme_id: input.programmeId, assessor_id: input.assessorId, question_id: input.questionId,
        verdict: input.verdict, message: input.message, updated_at: now,
      }).onConflict((oc) => oc.columns(['response_id', 'programme_id', 'assessor_id', 'question_id']).doUpdateSet((eb) => ({
        verdict: eb.ref('excluded.verdict'), message: eb.ref('excluded.message'), updated_at: eb.ref('excluded.updated_at'),
      }))).execute();
    },

    verdicts: (responseId: string, programmeId: string) =>
      db.selectFrom('answer_verdicts as v').innerJoin('users as u', 'u.id', 'v.assessor_id')
        .select(['v.question_id', 'v.assessor_id', 'u.name as assessor_name', 'u.email as assessor_email', 'v.verdict', 'v.message', 'v.updated_at'])
        .where('v.response_id', '=', responseId).where('v.programme_id', '=', programmeId)
        .orderBy('v.question_id').orderBy('v.updated_at').limit(MAX_THREADS * 20).execute() as Promise<VerdictRow[]>,

    threads: threadsOf,

    thread: (id: string) => db.selectFrom('clarification_threads').selectAll().where('id', '=', id).executeTakeFirst(),

    /** The question's thread, opened (or opened again) for this request. */
    async openThread(input: { responseId: string; programmeId: string; questionId: string; kind: RequestKind }) {
      const now = new Date().toISOString();
      return db.insertInto('clarification_threads').values({
        id: newId(), response_id: input.responseId, programme_id: input.programmeId, question_id: input.questionId,
        kind: input.kind, state: 'open', created_at: now, updated_at: now,
      }).onConflict((oc) => oc.columns(['response_id', 'programme_id', 'question_id']).doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'), state: eb.ref('excluded.state'), updated_at: eb.ref('excluded.updated_at'),
      }))).returningAll().executeTakeFirstOrThrow();
    },

    async setThreadState(id: string, state: 'open' | 'answered') {
      await db.updateTable('clarification_threads').set({ state, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
    },

    async messageCount(threadId: string): Promise<number> {
      const row = await db.selectFrom('clarification_messages').select((eb) => eb.fn.countAll<number>().as('n')).where('thread_id', '=', threadId).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async addMessage(input: {
      threadId: string; authorKind: 'assessor' | 'startup'; authorId: string | null; kind: RequestKind | null; body: string;
      links: string[]; fileId: string | null; revision: number | null;
    }) {
      const id = newId();
      await db.insertInto('clarification_messages').values({
        id, thread_id: input.threadId, author_kind: input.authorKind, author_id: input.authorId, kind: input.kind, body: input.body,
        links: JSON.stringify(input.links), file_id: input.fileId, revision: input.revision, created_at: new Date().toISOString(),
      }).execute();
      return id;
    },

    /** The messages of these threads, oldest first, with the file each carries (not its content). */
    messages: (threadIds: readonly string[]) =>
      threadIds.length === 0 ? Promise.resolve([] as MessageRow[]) :
        db.selectFrom('clarification_messages as m')
          .leftJoin('users as u', 'u.id', 'm.author_id')
          .leftJoin('clarification_files as f', 'f.id', 'm.file_id')
          .select([
            'm.id', 'm.thread_id', 'm.author_kind', 'm.author_id', 'u.name as author_name', 'u.email as author_email', 'm.kind', 'm.body', 'm.links',
            'm.file_id', 'f.name as file_name', 'f.content_type as file_type', 'f.size as file_size', 'm.revision', 'm.created_at',
          ])
          .where('m.thread_id', 'in', threadIds).orderBy('m.created_at').orderBy('m.id')
          .limit(threadIds.length * MAX_MESSAGES_PER_THREAD).execute() as Promise<MessageRow[]>,

    /**
     * The assessor who asked last in a thread (the one an answer is mailed to), with their role and
     * whether they are still on the thread's programme, so the mail follows who may see it now.
     */
    lastAsker: async (threadId: string) => {
      const row = await db.selectFrom('clarification_messages as m').innerJoin('users as u', 'u.id', 'm.author_id')
        .innerJoin('clarification_threads as t', 't.id', 'm.thread_id')
        .select(['u.id', 'u.email', 'u.name', 'u.locale', 'u.disabled_at', 'u.role', 't.programme_id'])
        .select((eb) => eb.exists(eb.selectFrom('programme_members as pm').select('pm.user_id')
          .whereRef('pm.programme_id', '=', 't.programme_id').whereRef('pm.user_id', '=', 'u.id')).as('member'))
        .where('m.thread_id', '=', threadId).where('m.author_kind', '=', 'assessor')
        .orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(1).executeTakeFirst();
      // SQLite answers EXISTS with 0/1, PostgreSQL with a boolean.
      return row && { ...row, member: Boolean(row.member) };
    },

    async fileCount(threadId: string): Promise<number> {
      const row = await db.selectFrom('clarification_files').select((eb) => eb.fn.countAll<number>().as('n')).where('thread_id', '=', threadId).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async addFile(input: { threadId: string; name: string; contentType: FileType; content: Buffer }) {
      const row = {
        id: newId(), thread_id: input.threadId, name: input.name, content_type: input.contentType, size: input.content.length,
        content: input.content, created_at: new Date().toISOString(),
      };
      await db.insertInto('clarification_files').values(row).execute();
      return row;
    },

    /** A file with the thread it belongs to; its content only when asked for. */
    file: (id: string) =>
      db.selectFrom('clarification_files as f').innerJoin('clarification_threads as t', 't.id', 'f.thread_id')
        .select(['f.id', 'f.thread_id', 'f.name', 'f.content_type', 'f.size', 'f.content', 't.response_id', 't.programme_id'])
        .where('f.id', '=', id).executeTakeFirst(),

    /** Whether the file is already attached to a message (each file goes with one answer). */
    async fileAttached(fileId: string): Promise<boolean> {
      return (await db.selectFrom('clarification_messages').select('id').where('file_id', '=', fileId).executeTakeFirst()) !== undefined;
    },

    /**
     * The newest MAX_REVISIONS revisions, in number order, without the answers each holds in full (up
     * to a whole questionnaire's worth apiece; the views need the changes and scores only).
     */
    revisions: async (responseId: string): Promise<RevisionRow[]> =>
      ((await db.selectFrom('answer_revisions').select(['number', 'changes', 'scores', 'thread_id', 'created_at'])
        .where('response_id', '=', responseId).orderBy('number', 'desc').limit(MAX_REVISIONS).execute()) as RevisionRow[]).reverse(),

    async lastRevision(responseId: string): Promise<number | null> {
      const row = await db.selectFrom('answer_revisions').select((eb) => eb.fn.max('number').as('n')).where('response_id', '=', responseId).executeTakeFirst();
      return row?.n === null || row?.n === undefined ? null : Number(row.n);
    },

    /** How many corrections of the response were asked for by this programme: its own count of them. */
    async correctionsFor(responseId: string, programmeId: string): Promise<number> {
      const row = await db.selectFrom('answer_revisions as r').innerJoin('clarification_threads as t', 't.id', 'r.thread_id')
        .select((eb) => eb.fn.countAll<number>().as('n')).where('r.response_id', '=', responseId).where('t.programme_id', '=', programmeId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async addRevision(input: { responseId: string; number: number; answers: string; changes: unknown[]; scores: unknown; threadId: string | null }) {
      await db.insertInto('answer_revisions').values({
        response_id: input.responseId, number: input.number, answers: input.answers, changes: JSON.stringify(input.changes),
        scores: JSON.stringify(input.scores), thread_id: input.threadId, created_at: new Date().toISOString(),
      }).execute();
    },
  };
}

export type ClarificationRepository = ReturnType<typeof createClarificationRepository>;
