import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, retryAfterMs } from '../../client/src/api/client.js';
import { locale } from '../../client/src/i18n/i18n.js';
import { deleteErrorSay } from '../../client/src/logic/errors.js';
import { createAutosave, retryDelayOf, type SaveState } from '../../client/src/logic/autosave.js';
import { progressOf } from '../../client/src/logic/progress.js';
import { parseResumeFragment } from '../../client/src/logic/tokens.js';
import { readFixture } from '../helpers/app.js';
import { STATUS_ORDER } from '../../client/src/logic/cohort.js';
import { VALUE_STATUSES } from '../../core/types.js';

function manualTimers() {
  let queued: (() => void) | null = null;
  return {
    setTimer: (fn: () => void) => ((queued = fn), 1),
    clearTimer: () => {
      queued = null;
    },
    fire: () => {
      const fn = queued;
      queued = null;
      fn?.();
    },
  };
}

describe('autosave', () => {
  it('collects changes and sends them in one request after the quiet moment', async () => {
    const timers = manualTimers();
    const sent: unknown[] = [];
    const states: SaveState[] = [];
    const save = createAutosave({ delayMs: 800, ...timers, send: async (c) => void sent.push(c), onState: (s) => states.push(s) });
    save.change('a', { option: 'yes' });
    save.change('b', { option: 'no' });
    save.change('a', { option: 'no' });
    expect(sent).toEqual([]);
    timers.fire();
    await save.flush();
    expect(sent).toEqual([{ a: { option: 'no' }, b: { option: 'no' } }]);
    expect(states.at(-1)).toBe('saved');
  });

  it('never overlaps requests, and sends what changed meanwhile afterwards', async () => {
    const timers = manualTimers();
    const sent: unknown[] = [];
    let release!: () => void;
    let calls = 0;
    const save = createAutosave({
      delayMs: 800, ...timers, onState: () => {},
      send: (c) => {
        sent.push(c);
        calls++;
        return calls === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
    });
    save.change('a', { option: 'yes' });
    const first = save.flush();
    save.change('a', { option: 'no' });
    const second = save.flush();
    expect(sent).toHaveLength(1);
    release();
    await first;
    await second;
    expect(sent).toEqual([{ a: { option: 'yes' } }, { a: { option: 'no' } }]);
  });

  it('keeps failed changes pending, under anything newer, until a retry succeeds', async () => {
    const timers = manualTimers();
    const sent: unknown[] = [];
    let fail = true;
    const states: SaveState[] = [];
    const save = createAutosave({
      delayMs: 800, ...timers, onState: (s) => states.push(s),
      send: async (c) => {
        if (fail) throw new Error('offline');
        sent.push(c);
      },
    });
    save.change('a', { option: 'yes' });
    save.change('b', { option: 'yes' });
    await save.flush();
    expect(states.at(-1)).toBe('error');
    expect(save.hasPending()).toBe(true);
    save.change('b', { option: 'no' });
    fail = false;
    await save.flush();
    expect(sent).toEqual([{ a: { option: 'yes' }, b: { option: 'no' } }]);
    expect(save.hasPending()).toBe(false);
    expect(states.at(-1)).toBe('saved');
  });
});

describe('autosave when the server is busy', () => {
  /** Timers that record the delay asked for, and a clock the test moves. */
  function clockedTimers() {
    let clock = 0;
    let queued: { fn: () => void; at: number } | null = null;
    return {
      now: () => clock,
      setTimer: (fn: () => void, ms: number) => ((queued = { fn, at: clock + ms }), 1),
      clearTimer: () => { queued = null; },
      dueAt: () => queued?.at ?? null,
      /** Moves the clock to the queued timer and runs it. */
      fire: () => {
        const q = queued;
        queued = null;
        if (q) {
          clock = q.at;
          q.fn();
        }
      },
    };
  }
  const busy = () => Object.assign(new Error('the database is locked by another process, so these answers were not stored'), { status: 503, code: 'database-busy', retryAfterMs: 2000 });

  it('keeps the answer after a 503 and sends it again by itself, not before Retry-After', async () => {
    const timers = clockedTimers();
    const sent: unknown[] = [];
    const states: SaveState[] = [];
    let fail = true;
    const save = createAutosave({
      delayMs: 800, ...timers, onState: (s) => states.push(s),
      send: async (c) => {
        if (fail) throw busy();
        sent.push(c);
      },
    });
    save.change('a', { option: 'yes' });
    timers.fire();
    await save.flush();
    expect(states.at(-1)).toBe('error');
    expect(save.takePending()).toEqual({ a: { option: 'yes' } });
    // A retry is queued at Retry-After, and a new answer meanwhile does not bring it forward.
    expect(timers.dueAt()).toBe(800 + 2000);
    save.change('b', { option: 'no' });
    expect(timers.dueAt()).toBe(800 + 2000);
    fail = false;
    timers.fire();
    await save.flush();
    expect(sent).toEqual([{ a: { option: 'yes' }, b: { option: 'no' } }]);
    expect(save.hasPending()).toBe(false);
    expect(states.at(-1)).toBe('saved');
  });

  it('bounds what the server asks for, and does not retry by itself after other failures', async () => {
    expect(retryDelayOf(Object.assign(new Error('x'), { retryAfterMs: 3_600_000 }))).toBe(60_000);
    expect(retryDelayOf(Object.assign(new Error('x'), { retryAfterMs: 0 }))).toBe(1000);
    expect(retryDelayOf(new Error('offline'))).toBeNull();
    const timers = clockedTimers();
    const save = createAutosave({ delayMs: 800, ...timers, onState: () => {}, send: async () => { throw new Error('offline'); } });
    save.change('a', { option: 'yes' });
    timers.fire();
    await save.flush();
    expect(timers.dueAt()).toBeNull();
    expect(save.hasPending()).toBe(true);
  });

  it('reads Retry-After in seconds from the answer', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(' 10 ')).toBe(10_000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT')).toBeNull();
  });
});

describe('a refused deletion', () => {
  const refused = new ApiError(409, 'this test is shared with the programme "Subsidie AI 2026", whose deadline passed on 2026-03-01 12:00 UTC; …', 'shared-after-deadline');
  const sharedWith = async () => ({ name: 'Subsidie AI 2026', deadline: '2026-03-01T12:00:00.000Z' });
  afterEach(() => { locale.value = 'nl'; });

  it('names the programme and its deadline, in Dutch and in English, and says it again in the language switched to', async () => {
    const say = await deleteErrorSay(refused, sharedWith);
    const nl = say();
    expect(nl).toContain('Subsidie AI 2026');
    expect(nl).toContain('1 maart 2026');
    expect(nl).toMatch(/niet meer verwijderen/);
    locale.value = 'en';
    const en = say();
    expect(en).toContain('Subsidie AI 2026');
    expect(en).toContain('1 March 2026');
    expect(en).toMatch(/no longer delete/);
  });

  it('still explains itself when the programme cannot be looked up, and translates other errors by their code', async () => {
    expect((await deleteErrorSay(refused, async () => { throw new ApiError(0, 'network'); }))()).toMatch(/deadline/);
    const other = await deleteErrorSay(new ApiError(500, 'boom', 'internal-error'), sharedWith);
    expect(other()).toMatch(/^Er ging iets mis op de server/);
    locale.value = 'en';
    expect(other()).not.toMatch(/^Er ging/);
  });
});

describe('resume links', () => {
  it('accept exactly an id and a token in the fragment', () => {
    const id = 'A'.repeat(22);
    const token = 'b'.repeat(43);
    expect(parseResumeFragment(`#${id}.${token}`)).toEqual({ id, token });
    expect(parseResumeFragment(`#${id}.${token.slice(1)}`)).toBeNull();
    expect(parseResumeFragment(`#${id}`)).toBeNull();
    expect(parseResumeFragment('#<script>.x')).toBeNull();
  });
});

describe('progress', () => {
  it('counts visible required questions the way completeness does', () => {
    const mini = readFixture('mini.json');
    expect(progressOf(mini, {})).toMatchObject({ answered: 0, total: 3 });
    const p = progressOf(mini, { 'm-personal-data': { option: 'yes' }, 'm-dpia': { notApplicable: true } });
    // personal-data, dpia, security, context visible and required; retention hidden (dpia n.v.t.)
    expect(p).toMatchObject({ answered: 2, total: 4 });
    expect(p.sections.map((s) => s.id)).toEqual(['intake', 'practice']);
  });
});

describe('interface translations', () => {
  it('every Dutch interface string has an English one, with the same placeholders', async () => {
    const tables = await Promise.all(['messages', 'messages.report', 'messages.staff', 'messages.integration'].map((m) => import(`../../client/src/i18n/${m}.ts`)));
    const all = { nl: Object.assign({}, ...tables.map((x) => x.nl)), en: Object.assign({}, ...tables.map((x) => x.en)) };
    const keys = tables.flatMap((x) => Object.keys(x.nl));
    expect(new Set(keys).size, 'a key is defined in two tables').toBe(keys.length);
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, nl] of Object.entries(all.nl)) {
      const en = (all.en as Record<string, string | undefined>)[key];
      expect(en, `English for ${key}`).toBeTruthy();
      expect(placeholders(en!), key).toEqual(placeholders(nl as string));
    }
  });
});

describe('value statuses in the interface', () => {
  it('every status the engine can give has a label in Dutch and English and a place in the cohort order', async () => {
    const { nl, en } = await import('../../client/src/i18n/messages.js');
    for (const status of VALUE_STATUSES) {
      expect((nl as Record<string, string>)[`status.${status}`], `nl label for ${status}`).toBeTruthy();
      expect((en as Record<string, string>)[`status.${status}`], `en label for ${status}`).toBeTruthy();
    }
    expect((nl as Record<string, string>)['status.unknown-risk']).toBe('Onbekend risico');
    expect((en as Record<string, string>)['status.unknown-risk']).toBe('Unknown risk');
    expect([...STATUS_ORDER].sort()).toEqual([...VALUE_STATUSES].sort());
  });
});
