// The draft autosave (client/src/logic/editor/autosave.ts): latest document wins, a conflict stops saving.
import { describe, expect, it } from 'vitest';
import { createDraftAutosave, type DraftSaveState } from '../../client/src/logic/editor/autosave.js';

function harness(send: (doc: string, revision: number) => Promise<number>) {
  const timers: Array<() => void> = [];
  const states: DraftSaveState[] = [];
  const save = createDraftAutosave<string>({
    delayMs: 500, revision: 1, send, isConflict: (e) => (e as { code?: string }).code === 'draft-conflict', onState: (s) => states.push(s),
    setTimer: (fn) => timers.push(fn), clearTimer: () => {},
  });
  return { save, timers, states };
}

describe('draft autosave', () => {
  it('sends only the latest document, with the revision the last save answered', async () => {
    const sent: Array<[string, number]> = [];
    const { save, states } = harness(async (doc, rev) => { sent.push([doc, rev]); return rev + 1; });
    save.change('a');
    save.change('b');
    await save.flush();
    save.change('c');
    await save.flush();
    expect(sent).toEqual([['b', 1], ['c', 2]]);
    expect(states.at(-1)).toBe('saved');
  });
  it('stops on a conflict and never sends again (nothing is overwritten)', async () => {
    let calls = 0;
    const { save, states } = harness(async () => { calls++; throw Object.assign(new Error('x'), { code: 'draft-conflict' }); });
    save.change('a');
    await save.flush();
    save.change('b');
    await save.flush();
    expect(calls).toBe(1);
    expect(states.at(-1)).toBe('conflict');
  });
  it('keeps a failed document for the retry', async () => {
    let fail = true;
    const sent: string[] = [];
    const { save, states } = harness(async (doc) => { if (fail) throw new Error('network'); sent.push(doc); return 2; });
    save.change('a');
    await save.flush();
    expect(states.at(-1)).toBe('error');
    fail = false;
    await save.flush();
    expect(sent).toEqual(['a']);
  });
});
