// The clarification loop as one service: an assessor's verdict on an answer (and the request it may
// send), the startup's answer with links, a file and possibly a corrected answer, and what staff and
// the startup each see of it. Routes check who is asking; this decides what happens.
import type { Kysely } from 'kysely';
import { validateAnswers, describeAnswerErrors } from '../../core/answers.js';
import { roundHalfAway, score } from '../../core/scoring.js';
import type { Answer, Answers, Locale, Questionnaire } from '../../core/types.js';
import { questionsById } from '../../core/visibility.js';
import { canViewSubmission } from '../auth/permissions.js';
import { forUpdate, takeTurn } from '../db/dialect.js';
import type { Schema } from '../db/schema.js';
import { badRequest, conflict, HttpError, notFound } from '../errors.js';
import type { MailService } from '../mail/service.js';
import type { Catalog } from '../questionnaires/catalog.js';
import { scoringVersionOf } from '../report/report-service.js';
import { createAuditRepository } from '../repositories/audit.js';
import {
  createClarificationRepository, MAX_FILES_PER_THREAD, MAX_MESSAGES_PER_THREAD, type FileType, type MessageRow, type RequestKind, type Verdict,
} from '../repositories/clarifications.js';
import type { ResponseRow } from '../repositories/responses.js';
import { createValueScoreRepository } from '../repositories/value-scores.js';
import { invalidLink, safeFileName, sniffType } from './files.js';
import { notifyStartup, type StartupMailer } from './notify.js';

export interface Scores {
  profile: string;
  goal: number | null;
  precondition: number | null;
  completeness: number;
  knockouts: number;
  values: Record<string, number | null>;
}

const round = (x: number | null) => (x === null ? null : roundHalfAway(x, 1));

export function createClarificationService(deps: {
  db: Kysely<Schema>;
  catalog: Catalog;
  questionnaireOf: (row: ResponseRow) => Promise<Questionnaire>;
  mail: Pick<MailService, 'queue'>;
  /** The startup's opt-in address; without it no request is mailed to startups. */
  contacts?: StartupMailer['contacts'];
}) {
  const repo = createClarificationRepository(deps.db);

  function scoresOf(q: Questionnaire, answers: Answers, row: ResponseRow) {
    const result = score(q, answers, deps.catalog.values, { version: scoringVersionOf(row) });
    const summary: Scores = {
      profile: result.profile, goal: round(result.dimensions.goal.score), precondition: round(result.dimensions.precondition.score),
      completeness: roundHalfAway(result.completeness, 3), knockouts: result.knockouts.length,
      values: Object.fromEntries(result.values.map((v) => [v.id, round(v.score)])),
    };
    return { result, summary };
  }

  async function questionOf(row: ResponseRow, questionId: string) {
    const q = await deps.questionnaireOf(row);
    const question = questionsById(q).get(questionId);
    if (!question) throw notFound('question-not-found', `no question "${questionId}" in this submission's questionnaire`);
    return { q, question };
  }

  const prompt = (question: { prompt: Record<Locale, string> }, locale: Locale) => question.prompt[locale];

  function checkLinks(links: string[]) {
    const bad = invalidLink(links);
    if (bad !== null) throw badRequest('invalid-link', `links: "${bad.slice(0, 100)}" is not an http(s) address`);
  }

  return {
    repo,

    /** The option labels (nl and en) of these questions, so a correction reads in words, not ids. */
    async optionLabels(row: ResponseRow, questionIds: string[]): Promise<Record<string, Record<string, { nl: string; en: string }>>> {
      const q = await deps.questionnaireOf(row);
      const byId = questionsById(q);
      return Object.fromEntries(questionIds.flatMap((id) => {
        const question = byId.get(id);
        return question ? [[id, Object.fromEntries((question.options ?? []).map((o) => [o.id, { nl: o.label.nl, en: o.label.en || o.label.nl }]))]] : [];
      }));
    },

    /**
     * An assessor's verdict. "accepted" is their own review work (blind). A request is sent at once:
     * it opens (or opens again) the question's thread, which the whole programme and the startup see.
     */
    async setVerdict(input: { row: ResponseRow; programmeId: string; assessorId: string; questionId: string; verdict: Verdict; message: string }) {
      const { question } = await questionOf(input.row, input.questionId);
      const message = input.message.trim();
      if (input.verdict !== 'accepted' && !message) throw badRequest('request-message-required', 'message: say what the startup should clarify or prove');
      const threadId = await deps.db.transaction().execute(async (trx) => {
        const clar = createClarificationRepository(trx);
        const audit = createAuditRepository(trx);
        // In turn with the startup's answers and uploads (below), so the thread's count and the message
        // added after it hold together: apart, two requests and an answer at once passed the bound.
        await takeTurn(trx, 'responses', input.row.id);
        await clar.setVerdict({ responseId: input.row.id, programmeId: input.programmeId, assessorId: input.assessorId, questionId: input.questionId, verdict: input.verdict, message });
        if (input.verdict === 'accepted') {
          await audit.record({ actorType: 'user', actorId: input.assessorId, action: 'verdict.save', programmeId: input.programmeId, responseId: input.row.id, detail: { question: input.questionId, verdict: 'accepted' } });
          return null;
        }
        const kind = input.verdict as RequestKind;
        const thread = await clar.openThread({ responseId: input.row.id, programmeId: input.programmeId, questionId: input.questionId, kind });
        if ((await clar.messageCount(thread.id)) >= MAX_MESSAGES_PER_THREAD) throw conflict('file-limit-reached', `a thread holds at most ${MAX_MESSAGES_PER_THREAD} messages`);
        await clar.addMessage({ threadId: thread.id, authorKind: 'assessor', authorId: input.assessorId, kind, body: message, links: [], fileId: null, revision: null });
        await audit.record({ actorType: 'user', actorId: input.assessorId, action: 'clarification.request', programmeId: input.programmeId, responseId: input.row.id, detail: { question: input.questionId, kind } });
        return thread.id;
      });
      if (threadId) {
        const programme = await deps.db.selectFrom('programmes').select('name').where('id', '=', input.programmeId).executeTakeFirst();
        const mailer = deps.contacts ? { contacts: deps.contacts, mail: deps.mail } : undefined;
        if (programme) await notifyStartup(mailer, input.row.id, { programme: programme.name, question: (l) => prompt(question, l) });
      }
      return threadId;
    },

    /** A file for a thread, checked by content; not yet part of an answer. */
    async addFile(input: { row: ResponseRow; threadId: string; name: string | undefined; content: Buffer }) {
      const thread = await startupThread(input.row, input.threadId);
      const type = sniffType(input.content);
      if (!type) throw new HttpError(415, 'file-type-not-allowed', 'only PDF, PNG and JPEG files are accepted (checked by their content)');
      const file = await deps.db.transaction().execute(async (trx) => {
        const clar = createClarificationRepository(trx);
        // Uploads and answers take turns on the response row, so a count and the row written after it
        // hold together: read apart, twenty uploads at once stored 19 files where a request takes 5,
        // and one file went with three answers.
        await takeTurn(trx, 'responses', input.row.id);
        if ((await clar.fileCount(thread.id)) >= MAX_FILES_PER_THREAD) throw conflict('file-limit-reached', `a request takes at most ${MAX_FILES_PER_THREAD} files`);
        return clar.addFile({ threadId: thread.id, name: safeFileName(input.name, type), contentType: type, content: input.content });
      });
      return { id: file.id, name: file.name, contentType: file.content_type, size: file.size };
    },

    /**
     * The startup's answer: text, links, an uploaded file and, if given, a corrected answer to the
     * question, which becomes a new revision of the answers (the original kept as revision 0) with
     * scores recomputed by the engine and stored, all in one transaction with its audit entries.
     */
    async answer(input: { row: ResponseRow; threadId: string; text: string; links: string[]; fileId: string | null; correction: Answer | null }) {
      const thread = await startupThread(input.row, input.threadId);
      const text = input.text.trim();
      checkLinks(input.links);
      if (!text && !input.links.length && !input.fileId && !input.correction) throw badRequest('answer-empty', 'give text, a link, a file or a corrected answer');
      if (input.fileId) {
        const file = await repo.file(input.fileId);
        if (!file || file.thread_id !== thread.id) throw notFound('file-not-found', 'no file with this id for this request');
      }
      const { q, question } = await questionOf(input.row, thread.question_id);
      if (input.correction) {
        const errors = validateAnswers(q, { [thread.question_id]: input.correction });
        if (errors.length) throw badRequest('invalid-answers', describeAnswerErrors(errors), errors);
      }
      const outcome = await deps.db.transaction().execute(async (trx) => {
        const clar = createClarificationRepository(trx);
        const audit = createAuditRepository(trx);
        await takeTurn(trx, 'responses', input.row.id);
        if ((await clar.messageCount(thread.id)) >= MAX_MESSAGES_PER_THREAD) throw conflict('file-limit-reached', `a thread holds at most ${MAX_MESSAGES_PER_THREAD} messages`);
        if (input.fileId && await clar.fileAttached(input.fileId)) throw conflict('file-already-attached', 'this file already goes with another answer');
        let revision: number | null = null;
        let scores: { before: Scores; after: Scores } | null = null;
        if (input.correction) {
          // Read under the row's lock, so two corrections cannot both build on the same answers.
          const current = (await forUpdate(trx, trx.selectFrom('responses').selectAll().where('id', '=', input.row.id)).executeTakeFirstOrThrow()) as ResponseRow;
          const before = JSON.parse(current.answers) as Answers;
          const after: Answers = { ...before, [thread.question_id]: input.correction };
          const old = scoresOf(q, before, current);
          const now = scoresOf(q, after, current);
          const last = await clar.lastRevision(current.id);
          if (last === null) await clar.addRevision({ responseId: current.id, number: 0, answers: current.answers, changes: [], scores: old.summary, threadId: null });
          // Stored in one series per response; said to the programme as its own correction 1, 2, …: the
          // series' number would tell that corrections were made for another programme it was shared with.
          revision = (await clar.correctionsFor(current.id, thread.programme_id)) + 1;
          const change = { question: thread.question_id, from: before[thread.question_id] ?? null, to: input.correction };
          await clar.addRevision({ responseId: current.id, number: (last ?? 0) + 1, answers: JSON.stringify(after), changes: [change], scores: now.summary, threadId: thread.id });
          await trx.updateTable('responses').set((eb) => ({
            answers: JSON.stringify(after), revision: eb('revision', '+', 1), updated_at: new Date().toISOString(),
            profile: now.result.profile, goal_score: now.result.dimensions.goal.score, precondition_score: now.result.dimensions.precondition.score,
            completeness: now.result.completeness, knockout_count: now.result.knockouts.length,
          })).where('id', '=', current.id).execute();
          await createValueScoreRepository(trx).store(current.id, now.result);
          scores = { before: old.summary, after: now.summary };
          await audit.record({
            actorType: 'respondent', actorId: null, action: 'answer.correct', programmeId: thread.programme_id, responseId: current.id,
            detail: { question: thread.question_id, revision, from: change.from, to: change.to, scores },
          });
        }
        await clar.addMessage({ threadId: thread.id, authorKind: 'startup', authorId: null, kind: null, body: text, links: input.links, fileId: input.fileId, revision });
        await clar.setThreadState(thread.id, 'answered');
        await audit.record({
          actorType: 'respondent', actorId: null, action: 'clarification.answer', programmeId: thread.programme_id, responseId: input.row.id,
          detail: { question: thread.question_id, links: input.links.length, file: input.fileId !== null, revision },
        });
        // The assessor who asked, in their language, naming the programme and (for its own staff) the
        // startup's shared name. Read here, mailed once committed (the mail service has its own writes).
        const asker = await clar.lastAsker(thread.id);
        const names = await trx.selectFrom('programmes as p').innerJoin('responses as r', 'r.programme_id', 'p.id')
          .select(['p.name', 'r.shared_name']).where('p.id', '=', thread.programme_id).where('r.id', '=', input.row.id).executeTakeFirst();
        // Only while the asker may still see the submission: the mail names the startup and its
        // programme, which someone taken off the programme (or no longer an assessor) may not learn.
        const mayRead = asker && asker.disabled_at === null
          && canViewSubmission({ userId: asker.id, role: asker.role, programmeIds: new Set(asker.member ? [asker.programme_id] : []) }, { programmeId: thread.programme_id });
        const mailTo = asker && mayRead && names ? { ...asker, programme: names.name, startup: names.shared_name ?? '' } : null;
        return { revision, scores, mailTo };
      });
      const { mailTo, ...result } = outcome;
      if (mailTo) {
        await deps.mail.queue(mailTo.email, mailTo.locale, 'clarification-answered', {
          programme: mailTo.programme, startup: mailTo.startup, question: prompt(question, mailTo.locale),
          submissionPath: `/staff/submissions/${input.row.id}`, corrected: result.revision !== null,
        });
      }
      return result;
    },
  };

  /** A thread of this response in the programme it is shared with now; answering needs that share. */
  async function startupThread(row: ResponseRow, threadId: string) {
    const thread = await repo.thread(threadId);
    if (!thread || thread.response_id !== row.id) throw notFound('thread-not-found', 'no request with this id for this test');
    if (thread.programme_id !== row.programme_id) throw conflict('not-shared', 'this test is no longer shared with the programme that asked');
    return thread;
  }
}

export type ClarificationService = ReturnType<typeof createClarificationService>;

/** A message as the API shows it; the startup never learns which assessor asked. */
export function toMessage(m: MessageRow, forStaff: boolean) {
  return {
    id: m.id,
    author: m.author_kind === 'startup'
      ? { kind: 'startup' as const }
      : forStaff ? { kind: 'assessor' as const, id: m.author_id, name: m.author_name ?? '', email: m.author_email ?? '' } : { kind: 'assessor' as const },
    kind: m.kind,
    text: m.body,
    links: JSON.parse(m.links) as string[],
    file: m.file_id ? { id: m.file_id, name: m.file_name!, contentType: m.file_type as FileType, size: Number(m.file_size) } : null,
    revision: m.revision,
    at: m.created_at,
  };
}
