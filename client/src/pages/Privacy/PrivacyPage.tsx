import { tc } from '../../i18n/i18n.js';

// The privacy statement says what this application does, in its own words; it is kept next to the
// code so a change in what is stored shows up in the same review. Long text, so it lives here as
// content ({ nl, en }) rather than as interface messages.
type L = { nl: string; en: string };
const HEADING: L = { nl: 'Privacy', en: 'Privacy' };
const LEAD: L = {
  nl: 'Wat deze toets over je bewaart, hoe lang, en wie het kan zien. De toepassing is open source; de organisatie die deze installatie beheert, is verantwoordelijk voor de gegevens.',
  en: 'What this test stores about you, for how long, and who can see it. The application is open source; the organisation that runs this installation is responsible for the data.',
};
const SECTIONS: Array<{ heading: L; paragraphs: L[] }> = [
  {
    heading: { nl: 'Wat we bewaren', en: 'What is stored' },
    paragraphs: [
      {
        nl: 'Je antwoorden, je toelichtingen en bewijs bij de vragen, de taal die je koos en, als je die invult, de bedrijfsnaam op je rapport. Je maakt geen account aan: er is geen naam, e-mailadres of wachtwoord nodig.',
        en: 'Your answers, your explanations and evidence for the questions, the language you chose and, if you fill it in, the company name on your report. You create no account: no name, e-mail address or password is needed.',
      },
      {
        nl: 'Je persoonlijke link is de enige sleutel tot je toets. De server bewaart er alleen een onomkeerbare afdruk (hash) van, dus niemand kan hem daar teruglezen. Wie de link heeft, kan je antwoorden zien en wijzigen; deel hem alleen met je team.',
        en: 'Your personal link is the only key to your test. The server keeps only an irreversible fingerprint (hash) of it, so nobody can read it back there. Whoever has the link can see and change your answers; share it only with your team.',
      },
      {
        nl: 'Je browser onthoudt je persoonlijke link en je taalkeuze in zijn eigen opslag, zodat je verder kunt waar je was. Voor startups zet deze site geen cookies, en er zijn geen statistieken of trackers van anderen.',
        en: 'Your browser remembers your personal link and your language in its own storage, so you can continue where you were. For startups this site sets no cookies, and there are no statistics or trackers from third parties.',
      },
    ],
  },
  {
    heading: { nl: 'Hoe lang', en: 'For how long' },
    paragraphs: [
      {
        nl: 'Je toets blijft bewaard tot je hem zelf verwijdert: met ‘Mijn antwoorden verwijderen’ in de toets, of met ‘Rapport verwijderen’ onder aan het rapport; er is geen automatische termijn. Verwijderen haalt je antwoorden, toelichtingen en deellinks definitief weg.',
        en: 'Your test is kept until you delete it yourself: with ‘Delete my answers’ in the test, or with ‘Delete this report’ at the end of the report; there is no automatic term. Deleting removes your answers, explanations and share links for good.',
      },
      {
        nl: 'Heb je de toets met een programma gedeeld, dan kun je hem tot de deadline van dat programma intrekken of verwijderen. Na de deadline houdt het programma wat je deelde, zolang het dat zelf bewaart; vraag dan het programma om het te verwijderen.',
        en: 'If you shared the test with a programme, you can withdraw or delete it until that programme\'s deadline. After the deadline the programme keeps what you shared for as long as it keeps its records; ask the programme to remove it.',
      },
      {
        nl: 'Voor beheer en beveiliging houdt de server een technisch logboek bij (tijdstip, IP-adres, opgevraagde pagina zonder de geheime delen van links). Delen en verwijderen worden vastgelegd zonder je antwoorden of naam.',
        en: 'For operation and security the server keeps a technical log (time, IP address, the page requested without the secret parts of links). Sharing and deleting are recorded without your answers or name.',
      },
    ],
  },
  {
    heading: { nl: 'Wie je antwoorden en toelichtingen ziet', en: 'Who sees your answers and explanations' },
    paragraphs: [
      {
        nl: 'Niemand, zolang je niets deelt: de toets is anoniem en alleen wie je persoonlijke link heeft, kan hem openen.',
        en: 'Nobody, as long as you share nothing: the test is anonymous and only someone with your personal link can open it.',
      },
      {
        nl: 'Deel je een ingediende toets met een programma (een subsidieregeling of incubator, via de code of link van dat programma), dan zien de beoordelaars en beheerders van dat programma je rapport, je antwoorden en je toelichtingen, onder de naam die je bij het delen opgeeft. Je ziet vooraf precies wat je deelt en bevestigt het.',
        en: 'If you share a submitted test with a programme (a subsidy call or incubator, through that programme\'s code or link), that programme\'s assessors and managers see your report, your answers and your explanations, under the name you give when sharing. You see exactly what you share beforehand and confirm it.',
      },
    ],
  },
  {
    heading: { nl: 'Deellinks', en: 'Share links (deellinks)' },
    paragraphs: [
      {
        nl: 'Met een deellink kan iedereen die de link heeft je rapport lezen, met je antwoorden en toelichtingen, tot de link verloopt (na 7, 30 of 90 dagen, wat je kiest) of tot je hem intrekt. Lezers kunnen niets wijzigen.',
        en: 'With a share link, anyone who has it can read your report, with your answers and explanations, until the link expires (after 7, 30 or 90 days, as you choose) or until you revoke it. Readers cannot change anything.',
      },
    ],
  },
  {
    heading: { nl: 'Vergelijking met andere startups', en: 'Comparison with other startups' },
    paragraphs: [
      {
        nl: 'Alleen als je bij het indienen het vakje aanvinkt, gaan de scores van je rapport (per dimensie en per waarde, met het gebied en de hoofdversie van de vragenlijst) anoniem in een pool, waarmee rapporten laten zien waar ze staan. Geen naam, geen antwoorden, geen toelichtingen. Cijfers verschijnen pas bij genoeg rapporten en bewegen alleen in stappen van veel rapporten tegelijk, zodat niemand er één rapport uit kan afleiden. Verwijder je je toets, dan verdwijnen je scores direct uit de pool; een nieuwe poging met toestemming vervangt de oude.',
        en: 'Only if you tick the box when you submit do your report\'s scores (per dimension and per value, with the area and the questionnaire\'s major version) go anonymously into a pool that lets reports show where they stand. No name, no answers, no explanations. Figures appear only once there are enough reports and move only in steps of many reports at once, so nobody can work out a single report from them. If you delete your test, your scores leave the pool at once; a new attempt with consent replaces the old one.',
      },
    ],
  },
  {
    heading: { nl: 'Cookies', en: 'Cookies' },
    paragraphs: [
      {
        nl: 'Startups krijgen geen cookies. Alleen medewerkers van programma\'s die inloggen krijgen één cookie dat hen ingelogd houdt; het verdwijnt bij uitloggen.',
        en: 'Startups get no cookies. Only programme staff who sign in get one cookie that keeps them signed in; it goes when they sign out.',
      },
    ],
  },
];

export default function PrivacyPage() {
  return (
    <article class="privacy">
      <h1>{tc(HEADING)}</h1>
      <p class="lead">{tc(LEAD)}</p>
      {SECTIONS.map((s) => (
        <section key={s.heading.nl}>
          <h2>{tc(s.heading)}</h2>
          {s.paragraphs.map((p) => <p key={p.nl}>{tc(p)}</p>)}
        </section>
      ))}
    </article>
  );
}
