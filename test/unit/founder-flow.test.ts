// Issue 13, the founder's path: the client's own decisions (which message, which section, which
// words) as pure functions, and the content rules that keep one name and one time estimate.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../client/src/api/client.js';
import { locale, t } from '../../client/src/i18n/i18n.js';
import { en, nl } from '../../client/src/i18n/messages.js';
import { responseErrorText } from '../../client/src/logic/errors.js';
import { startSection } from '../../client/src/logic/start-section.js';
import { retakeLabel } from '../../client/src/logic/retake.js';
import { sectionCompletion } from '../../client/src/logic/open-questions.js';
import { progressOf } from '../../client/src/logic/progress.js';
import { estimateMinutes } from '../../core/estimate.js';
import { estimateMinutes as serverEstimate } from '../../server/questionnaires/estimate.js';
import type { Questionnaire } from '../../core/types.js';
import { QUESTIONNAIRES } from '../helpers/app.js';

const AREAS = ['ai', 'xr', 'quantum'];
const load = (id: string) => JSON.parse(readFileSync(join(QUESTIONNAIRES, `${id}.json`), 'utf8')) as Questionnaire;

afterEach(() => {
  locale.value = 'nl';
});

describe('D8: a deleted test behind an old link', () => {
  it('says so in the reader\'s language instead of the server\'s English sentence', () => {
    const gone = new ApiError(404, 'no response with this id for this token');
    expect(responseErrorText(gone)).toBe('Deze toets bestaat niet meer of de link is onvolledig. Controleer of je de hele link hebt gekopieerd, of begin een nieuwe toets.');
    locale.value = 'en';
    expect(responseErrorText(gone)).toBe('This test no longer exists or the link is incomplete. Check that you copied the whole link, or start a new test.');
    expect(responseErrorText(gone)).not.toContain('no response with this id');
  });

  it('keeps the network and busy texts it already had', () => {
    expect(responseErrorText(new ApiError(0, 'network'))).toBe(t('error.network'));
  });
});

describe('D15: where a test opens', () => {
  const q = load('ai');
  const answersFor = (sectionIds: string[]) => {
    // Answer every visible required question of the given sections with their first option.
    const answers: Record<string, any> = {};
    for (let round = 0; round < 3; round++) {
      const visible = progressOf(q, answers).visible;
      for (const s of q.sections.filter((x) => sectionIds.includes(x.id))) {
        for (const x of s.questions) {
          if (!visible.has(x.id) || answers[x.id] || !x.required) continue;
          if (x.type === 'text') answers[x.id] = { text: 'x' };
          else if (x.type === 'multi') answers[x.id] = { options: [x.options!.at(-1)!.id] };
          else answers[x.id] = { option: x.options![0].id };
        }
      }
    }
    return answers;
  };
  const decide = (answers: Record<string, any>, last?: string) => {
    const progress = progressOf(q, answers);
    return startSection(progress.sections.map((s) => s.id), sectionCompletion(q, answers), last);
  };

  it('a fresh test opens at the first part', () => {
    expect(decide({})).toBe(q.sections[0].id);
  });

  it('on another device it opens at the first part with an open required question', () => {
    expect(decide(answersFor([q.sections[0].id, q.sections[1].id]))).toBe(q.sections[2].id);
  });

  it('on this device it reopens the part last visited, if that part is still shown', () => {
    const answers = answersFor([q.sections[0].id]);
    expect(decide(answers, q.sections[3].id)).toBe(q.sections[3].id);
    expect(decide(answers, 'no-such-part')).toBe(q.sections[1].id);
  });

  it('a test with nothing open opens at the submit step', () => {
    expect(decide(answersFor(q.sections.map((s) => s.id)))).toBe('submit');
  });
});

describe('D14: one time estimate per area', () => {
  it('the client and the server compute it with the same function', () => {
    for (const id of AREAS) expect(estimateMinutes(load(id))).toBe(serverEstimate(load(id)));
  });

  it('no questionnaire text states its own number of minutes', () => {
    for (const id of AREAS) {
      const q = load(id);
      for (const l of ['nl', 'en'] as const) expect(q.intro?.[l], `${id} intro (${l})`).not.toMatch(/\d+\s*(minuten|minutes)/i);
    }
  });
});

describe('C3: one product name', () => {
  it('the header and every card use the same name, with a colon before the area', () => {
    expect(en['app.title']).toBe('Public Values Self-Assessment');
    for (const id of AREAS) {
      const q = load(id);
      expect(q.title.nl.startsWith(`${nl['app.title']}: `), q.title.nl).toBe(true);
      expect(q.title.en.startsWith(`${en['app.title']}: `), q.title.en).toBe(true);
    }
  });
});

describe('D22: a re-take says which attempt it is and what it starts from', () => {
  it('names the attempt and the date of the answers it copied', () => {
    expect(retakeLabel({ attempt: 2, basedOn: '2026-11-30T10:00:00Z' })).toBe('Poging 2, op basis van je antwoorden van 30 november 2026.');
    locale.value = 'en';
    expect(retakeLabel({ attempt: 3, basedOn: '2026-11-30T10:00:00Z' })).toBe('Attempt 3, based on your answers of 30 November 2026.');
  });
});

describe('D24: the note label is true for an anonymous test', () => {
  it('does not promise assessors that a founder outside a programme does not have', () => {
    expect(nl['test.note']).not.toContain('beoordelaars');
    expect(en['test.note']).not.toContain('assessors');
    expect(nl['test.noteWho']).toMatch(/Alleen jij.*programma/);
    expect(en['test.noteWho']).toMatch(/Only you.*programme/);
  });
});
