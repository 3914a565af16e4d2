import type { ComponentChildren } from 'preact';

/**
 * An accessible chart: the SVG is one image with a title and a description, and the same figures
 * follow as a table that screen readers read and print shows (it is only hidden on screen).
 */
export function ChartFrame(props: {
  id: string;
  title: string;
  description: string;
  viewBox: string;
  children: ComponentChildren;
  table: { caption: string; head: string[]; rows: Array<Array<string | number>> };
  class?: string;
  /** A visible line under the chart, for what the picture alone might not make clear. */
  note?: string;
}) {
  return (
    <figure class={`chart ${props.class ?? ''}`}>
      <svg viewBox={props.viewBox} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} focusable="false">
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {props.children}
      </svg>
      <figcaption class="chart-caption" aria-hidden="true">{props.title}</figcaption>
      {props.note && <p class="chart-note">{props.note}</p>}
      {/* The wrapper hides the table on screen: Chromium ignores overflow on table boxes themselves. */}
      <div class="chart-data">
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
