// The worker thread behind POST /api/score with an inline questionnaire (see inline-check.ts): it
// validates the questionnaire as files are validated, then checks and scores the answers.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { describeAnswerErrors, validateAnswers } from '../../core/answers.js';
import { score, toScoreResponse } from '../../core/scoring.js';
import type { Answers, Questionnaire } from '../../core/types.js';
import { loadCatalog } from './catalog.js';
import { MAX_REPORTED_FAULTS, MAX_FAULT_TEXT, type CheckOutcome } from './inline-check.js';
import { shapeFault } from './shape.js';

// Linux gives each thread its own nice value: this one yields the CPU to the main thread, which
// serves every other request.
try {
  setPriority(19);
} catch {
  // Not allowed or not supported: the time budget still bounds the work.
}

const catalog = loadCatalog((workerData as { questionnairesDir: string }).questionnairesDir);

const clip = (text: string) => (text.length > MAX_FAULT_TEXT ? `${text.slice(0, MAX_FAULT_TEXT - 1)}…` : text);

parentPort!.on('message', ({ id, questionnaire, answers }: { id: number; questionnaire: unknown; answers: Answers }) => {
  let outcome: CheckOutcome;
  const shape = shapeFault(questionnaire);
  const faults = shape ? [shape] : catalog.validate(questionnaire, 'body');
  if (faults.length) {
    outcome = {
      kind: 'invalid', total: faults.length,
      details: faults.slice(0, MAX_REPORTED_FAULTS).map((f) => ({ pointer: clip(`/questionnaire${f.pointer}`), message: clip(f.message) })),
    };
  } else {
    const q = questionnaire as Questionnaire;
    const errors = validateAnswers(q, answers);
    outcome = errors.length
      ? { kind: 'answers', message: clip(describeAnswerErrors(errors.slice(0, MAX_REPORTED_FAULTS))), details: errors.slice(0, MAX_REPORTED_FAULTS) }
      : { kind: 'scored', result: toScoreResponse(score(q, answers, catalog.values)) };
  }
  parentPort!.postMessage({ id, outcome });
});
parentPort!.postMessage({ ready: true });
