// The worker thread behind POST /api/score with an inline questionnaire (see inline-check.ts): it
// validates the questionnaire as files are validated, then checks and scores the answers.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { describeAnswerErrors, validateAnswers } from '../../core/answers.js';
import { score, toScoreResponse } from '../../core/scoring.js';
import type { Answers, Questionnaire } from '../../core/types.js';
import { loadCatalog } from './catalog.js';
import { MAX_REPORTED_FAULTS, MAX_FAULT_TEXT, type CheckOutcome } from './inline-check.js';

// Linux gives each thread its own nice value: this one yields the CPU to the main thread, which
// serves every other request.
try {
  setPriority(19);
} catch {
  // Not allowed or not supported: the time budget still bounds the work.
}

const catalog = loadCatalog((workerData as { questionnairesDir: string }).questionnairesDir);

// No array in a valid questionnaire has more than 200 items (the schema's largest maxItems) and none
// nests deeper than a few levels. ajv with allErrors is far worse than linear on long arrays of junk,
// so the shape is checked first, in one cheap pass.
const MAX_ITEMS = 200;
const MAX_DEPTH = 16;
function shapeFault(root: unknown): { pointer: string; message: string } | undefined {
  const stack: Array<[unknown, string, number]> = [[root, '', 0]];
  while (stack.length) {
    const [value, pointer, depth] = stack.pop()!;
    if (!value || typeof value !== 'object') continue;
    if (depth > MAX_DEPTH) return { pointer, message: `nests deeper than ${MAX_DEPTH} levels` };
    if (Array.isArray(value)) {
      if (value.length > MAX_ITEMS) return { pointer, message: `has ${value.length} items; no list in a questionnaire has more than ${MAX_ITEMS}` };
      value.forEach((child, i) => stack.push([child, `${pointer}/${i}`, depth + 1]));
    } else {
      for (const [key, child] of Object.entries(value)) stack.push([child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1]);
    }
  }
  return undefined;
}
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
