import { tc } from '../../i18n/i18n.js';

// "Wat nu?": a short close to the report for its owner. Texts are kept here, as content, so the
// report's message catalogue (being reworked elsewhere) stays untouched.
const T = {
  heading: { nl: 'Wat nu?', en: 'What now?' },
  act: { nl: 'Begin bij de acties bovenaan je rapport. Bij elke actie staan bestaande hulpmiddelen en instrumenten die je verder helpen.', en: 'Start with the actions at the top of your report. Each comes with existing tools and instruments that help you further.' },
  actLink: { nl: 'Naar de acties', en: 'Go to the actions' },
  retake: { nl: 'Doe de toets opnieuw als er iets verandert: een nieuw model of product, een nieuwe markt, klantgroep of investeerder. Een nieuwe poging begint met je huidige antwoorden en laat zien wat er veranderd is.', en: 'Take the test again when something changes: a new model or product, a new market, customer group or investor. A new attempt starts from your current answers and shows what changed.' },
  retakeLink: { nl: 'Nieuwe poging starten', en: 'Start a new attempt' },
  programme: { nl: 'Doe je mee aan een subsidieregeling of incubator? Deel je rapport met dat programma; je ziet vooraf precies wat je deelt.', en: 'Taking part in a subsidy call or incubator? Share your report with that programme; you see exactly what you share beforehand.' },
  programmeLink: { nl: 'Delen met een programma', en: 'Share with a programme' },
  privacy: { nl: 'Wat we bewaren en wie het ziet', en: 'What is stored and who sees it' },
};

/** The end of the owner's report: what to do with it, in three short lines. */
export function NextSteps() {
  return (
    <section class="next-steps no-print" aria-labelledby="next-steps-heading">
      <h2 id="next-steps-heading">{tc(T.heading)}</h2>
      <ul>
        <li>{tc(T.act)} <a href="#plan-heading">{tc(T.actLink)}</a></li>
        <li>{tc(T.retake)} <a href="#actions-heading">{tc(T.retakeLink)}</a></li>
        <li>{tc(T.programme)} <a href="/join">{tc(T.programmeLink)}</a></li>
      </ul>
      <p class="meta"><a href="/privacy">{tc(T.privacy)}</a></p>
    </section>
  );
}
