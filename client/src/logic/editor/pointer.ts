// From the server's fault pointers (JSON pointers into the draft) to the node and the form field that
// shows them. A pointer that names no node of the current document (the draft changed since the save,
// or a fault about a part the form does not show) stays unplaced and is listed at the top.
import type { Questionnaire } from '../../../../core/types.js';
import { nodeAt, type NodeRef } from './tree.js';

export interface Fault { pointer: string; message: string }
export interface PlacedFault extends Fault { node: NodeRef; field: string | null }

const decode = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');
export const split = (pointer: string): string[] => (pointer === '' || pointer === '/' ? [] : pointer.replace(/^\//, '').split('/').map(decode));

/** The fields each kind of node has in the form, by their path under the node (keys of the form's inputs). */
export const FIELDS: Record<NodeRef['kind'], readonly string[]> = {
  top: ['id', 'version', 'area', 'title/nl', 'title/en', 'intro/nl', 'intro/en', 'relevance', 'scoring/sufficient', 'scoring/attention', 'scoring/profileThreshold', 'recommendations', 'sections'],
  section: ['id', 'title/nl', 'title/en', 'intro/nl', 'intro/en', 'questions'],
  question: ['id', 'type', 'prompt/nl', 'prompt/en', 'help/nl', 'help/en', 'required', 'allowNotApplicable', 'visibleIf', 'values', 'advice/nl', 'advice/en', 'instruments', 'quickScan', 'sources', 'options'],
  option: ['id', 'label/nl', 'label/en', 'score', 'knockout/nl', 'knockout/en', 'unknownRisk/nl', 'unknownRisk/en', 'notApplicable', 'exclusive', 'advice/nl', 'advice/en'],
};

const isIndex = (t: string | undefined) => t !== undefined && /^(0|[1-9]\d*)$/.test(t);

/** The deepest node of the document a pointer reaches, and the rest of the pointer (null: not in the document). */
export function nodeOfPointer(doc: Questionnaire, pointer: string): { node: NodeRef; rest: string[] } | null {
  const t = split(pointer);
  let node: NodeRef = { kind: 'top' };
  let used = 0;
  if (t[0] === 'sections' && isIndex(t[1])) {
    node = { kind: 'section', s: Number(t[1]) };
    used = 2;
    if (t[2] === 'questions' && isIndex(t[3])) {
      node = { kind: 'question', s: Number(t[1]), q: Number(t[3]) };
      used = 4;
      if (t[4] === 'options' && isIndex(t[5])) {
        node = { kind: 'option', s: Number(t[1]), q: Number(t[3]), o: Number(t[5]) };
        used = 6;
      }
    }
  }
  if (!nodeAt(doc, node)) return null;
  return { node, rest: t.slice(used) };
}

/** The form field under a node that a fault's remaining path belongs to, or null (shown for the whole node). */
export function fieldOf(kind: NodeRef['kind'], rest: string[]): string | null {
  if (!rest.length) return null;
  const path = rest.join('/');
  const fields = FIELDS[kind];
  // Deepest first: "prompt/nl" before "prompt"; a fault on a whole text ("prompt") goes to its first language.
  const exact = fields.filter((f) => path === f || path.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0];
  if (exact) return exact;
  return fields.find((f) => f.startsWith(`${path}/`)) ?? null;
}

/** Places every fault; those whose pointer names nothing in the document get node null. */
export function placeFaults(doc: Questionnaire, faults: readonly Fault[]): { placed: PlacedFault[]; unplaced: Fault[] } {
  const placed: PlacedFault[] = [];
  const unplaced: Fault[] = [];
  for (const f of faults) {
    const at = nodeOfPointer(doc, f.pointer);
    if (!at) unplaced.push(f);
    else placed.push({ ...f, node: at.node, field: fieldOf(at.node.kind, at.rest) });
  }
  return { placed, unplaced };
}

/** The DOM id of a field's input in the form (faults link to it). */
export const fieldDomId = (field: string) => `ed-${field.replace(/\//g, '-')}`;
