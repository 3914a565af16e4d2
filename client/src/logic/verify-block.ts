// Pure parts of the report's verification block (components/Report/VerifyBlock.tsx), tested in
// test/unit/verify-input.test.ts.

/** Dark modules as horizontal runs [row, column, length]: a few hundred rectangles instead of thousands. */
export function qrRuns(size: number, dark: (row: number, col: number) => boolean): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  for (let r = 0; r < size; r++) {
    let start = -1;
    for (let c = 0; c <= size; c++) {
      const on = c < size && dark(r, c);
      if (on && start < 0) start = c;
      else if (!on && start >= 0) {
        runs.push([r, start, c - start]);
        start = -1;
      }
    }
  }
  return runs;
}

/** A CSS string literal: the text can hold nothing that ends the string or the rule. */
export const cssString = (text: string) => `"${text.replace(/[\\"\n\r\f]/g, (ch) => `\\${ch.charCodeAt(0).toString(16)} `)}"`;

/** The @page rule that prints the code and short link at the foot of every page. */
export const footerRule = (text: string) =>
  `@page { @bottom-left { content: ${cssString(text)}; font-size: 8pt; color: #4a5563; font-family: system-ui, sans-serif; } }`;
