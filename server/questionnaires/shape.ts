// The shape every questionnaire document has, checked in one cheap pass before anything walks it
// recursively. No array in a valid questionnaire has more than 200 items (the schema's largest
// maxItems) and none nests deeper than a few levels (8 in the shipped ones). ajv with allErrors is
// far worse than linear on long arrays of junk, and JSON.stringify overflows the stack a few
// thousand levels down: both are kept away from documents that cannot be questionnaires anyway.
// Used for inline questionnaires (POST /api/score, in its worker) and the editor's documents.
export const MAX_ITEMS = 200;
export const MAX_DEPTH = 16;

/** The first place (a JSON pointer) where a document is longer or deeper than any questionnaire, if any. */
export function shapeFault(root: unknown): { pointer: string; message: string } | undefined {
  // An explicit stack: the document may nest deeper than the call stack goes.
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
