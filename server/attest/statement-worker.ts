// The worker thread that makes the signed statement at submit (statement-thread.ts): it builds the
// submitted report from the same inputs the routes read, puts it into canonical JSON, hashes and
// signs it. That is about half of a submit's CPU, done here beside the main thread, which goes on
// serving requests.
import { parentPort, workerData } from 'node:worker_threads';
import type { Answers, Questionnaire } from '../../core/types.js';
import { composeReport } from '../report/report-service.js';
import { attestedReport, makeStatement } from './statement.js';
import type { StatementJob, StatementWorkerData, ToWorker } from './statement-thread.js';

const data = workerData as StatementWorkerData;
// Snapshots are immutable by hash; the pool sends each one once, before the first job that needs it.
const snapshots = new Map<string, Questionnaire>();

function questionnaire(hash: string): Questionnaire {
  const q = snapshots.get(hash);
  if (!q) throw new Error(`snapshot ${hash} was not sent to the statement worker`);
  return q;
}

function run(job: StatementJob) {
  const report = composeReport({
    response: job.response,
    questionnaire: questionnaire(job.snapshotHash),
    answers: JSON.parse(job.answers) as Answers,
    values: data.values,
    instruments: data.instruments,
    locale: job.locale,
    earlier: job.earlier.map((e) => ({
      id: e.id, submittedAt: e.submittedAt, questionnaire: questionnaire(e.snapshotHash), answers: JSON.parse(e.answers) as Answers, scoringVersion: e.scoringVersion,
    })),
    scoringVersion: job.scoringVersion,
    // As the submit signs it: the owner's report, just submitted, so no newer attempt.
    owner: true,
    newerAttempt: null,
  });
  return makeStatement({
    report: attestedReport(report), responseId: job.response.id, submittedAt: job.response.submittedAt!, snapshotHash: job.snapshotHash,
    locale: job.locale, issuer: data.issuer, kid: data.kid, key: data.key, code: job.code, now: new Date(job.now),
  });
}

parentPort!.on('message', (msg: ToWorker) => {
  if (msg.kind === 'snapshot') {
    snapshots.set(msg.hash, msg.document);
    return;
  }
  try {
    parentPort!.postMessage({ id: msg.id, made: run(msg.job) });
  } catch (err) {
    parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort!.postMessage({ ready: true });
