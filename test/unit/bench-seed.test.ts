// The bench measures answer sets a real client could send: invalid ones (an exclusive "geen van deze"
// beside other options) are refused by the API, so timing their reports measured nothing real.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../core/answers.js';
import { allQuestions } from '../../core/visibility.js';
import { loadCatalog } from '../../server/questionnaires/catalog.js';
import { prng, randomAnswers } from '../../bench/seed.js';
import { ROOT } from '../helpers/app.js';

describe('the bench\'s random answer sets', () => {
  const catalog = loadCatalog(join(ROOT, 'questionnaires'));
  for (const { document: q } of catalog.questionnaires.values()) {
    it(`are valid answers to ${q.id}, exclusive options alone included`, () => {
      const random = prng(11);
      let exclusiveAlone = 0;
      for (let i = 0; i < 200; i++) {
        const answers = randomAnswers(q, random);
        expect(validateAnswers(q, answers)).toEqual([]);
        for (const question of allQuestions(q)) {
          const chosen = answers[question.id]?.options;
          if (chosen?.length === 1 && question.options?.find((o) => o.id === chosen[0])?.exclusive) exclusiveAlone++;
        }
      }
      if (allQuestions(q).some((x) => x.options?.some((o) => o.exclusive))) expect(exclusiveAlone).toBeGreaterThan(0);
    });
  }
});
