import type { ComponentChildren } from 'preact';

/**
 * An accessible chart: the picture is one image with a title and a description, and the same figures
 * follow as a table that screen readers read (it is only hidden on screen). Print shows the table
 * only where it adds figures the page does not already show (`printTable`).
 */
export function ChartFrame(props: {
  id: string;
  title: string;
  description: string;
  /** An SVG picture with this viewBox; without it the children are HTML (text that wraps at its real size). */
  viewBox?: string;
  children: ComponentChildren;
  table: { caption: string; head: string[]; rows: Array<Array<string | number>> };
  class?: string;
  /** A visible line under the chart, for what the picture alone might not make clear. */
  note?: string;
  printTable?: boolean;
  /** HTML under the picture, e.g. a key to numbered labels on small screens. */
  legend?: ComponentChildren;
}) {
  const labelled = `${props.id}-title ${props.id}-desc`;
  return (
    <figure class={`chart ${props.class ?? ''}`}>
      {props.viewBox ? (
        <svg viewBox={props.viewBox} role="img" aria-labelledby={labelled} focusable="false">
          <title id={`${props.id}-title`}>{props.title}</title>
          <desc id={`${props.id}-desc`}>{props.description}</desc>
          {props.children}
        </svg>
      ) : (
        <div class="chart-body" role="img" aria-labelledby={labelled}>
          <span class="visually-hidden" id={`${props.id}-title`}>{props.title}</span>
          <span class="visually-hidden" id={`${props.id}-desc`}>{props.description}</span>
          {props.children}
        </div>
      )}
      {props.legend}
      <figcaption class="chart-caption" aria-hidden="true">{props.title}</figcaption>
      {props.note && <p class="chart-note">{props.note}</p>}
      {/* The wrapper hides the table on screen: Chromium ignores overflow on table boxes themselves. */}
      <div class={`chart-data${props.printTable ? ' print-table' : ''}`}>
      <table class="chart-table">
        <caption>{props.table.caption}</caption>
        <thead><tr>{props.table.head.map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
        <tbody>
          {props.table.rows.map((r, i) => (
            <tr key={i}>{r.map((c, j) => (j === 0 ? <th scope="row" key={j}>{c}</th> : <td key={j}>{c}</td>))}</tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
