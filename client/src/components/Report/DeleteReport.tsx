import { useMessage } from '../../logic/message.js';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ApiError } from '../../api/client.js';
import { format, locale, tc } from '../../i18n/i18n.js';
import { deleteErrorSay, errorText, SHARED_AFTER_DEADLINE } from '../../logic/errors.js';
import { forget } from '../../logic/tokens.js';

// Texts live here, as with NextSteps, so the shared message catalogues stay untouched.
const T = {
  heading: { nl: 'Rapport verwijderen', en: 'Delete this report' },
  intro: {
    nl: 'Wil je deze toets niet bewaren? Je kunt je antwoorden en dit rapport zelf definitief verwijderen.',
    en: 'Don’t want to keep this test? You can delete your answers and this report for good yourself.',
  },
  open: { nl: 'Rapport verwijderen…', en: 'Delete report…' },
  confirmHeading: { nl: 'Dit rapport definitief verwijderen?', en: 'Delete this report for good?' },
  answers: {
    nl: 'Je antwoorden, toelichtingen en dit rapport worden verwijderd. Dat kan niet ongedaan worden gemaakt, ook niet door ons.',
    en: 'Your answers, explanations and this report are deleted. This cannot be undone, not even by us.',
  },
  link: {
    nl: 'Je actieve deellink werkt direct niet meer: wie hem heeft, ziet het rapport niet meer.',
    en: 'Your active share link stops working at once: whoever has it can no longer see the report.',
  },
  links: {
    nl: 'Je {n} actieve deellinks werken direct niet meer: wie zo’n link heeft, ziet het rapport niet meer.',
    en: 'Your {n} active share links stop working at once: whoever has one can no longer see the report.',
  },
  noLinks: { nl: 'Je hebt geen actieve deellinks.', en: 'You have no active share links.' },
  programme: {
    nl: 'Het programma ‘{programme}’ verliest de toegang: het delen wordt ingetrokken en de toets verdwijnt uit zijn overzicht, beoordelingen en export.',
    en: 'The programme ‘{programme}’ loses access: the sharing is withdrawn and the test disappears from its overview, reviews and export.',
  },
  earlier: {
    nl: 'Eerdere pogingen blijven bewaard. Die verwijder je elk vanuit hun eigen rapport.',
    en: 'Earlier attempts are kept. Delete each of them from its own report.',
  },
  keepCopy: {
    nl: 'Wil je een kopie houden? Download eerst de JSON of CSV hierboven.',
    en: 'Want to keep a copy? Download the JSON or CSV above first.',
  },
  confirm: { nl: 'Ja, definitief verwijderen', en: 'Yes, delete for good' },
  cancel: { nl: 'Annuleren', en: 'Cancel' },
  refusedHeading: { nl: 'Deze toets kan niet meer worden verwijderd', en: 'This test can no longer be deleted' },
  close: { nl: 'Sluiten', en: 'Close' },
  busy: { nl: 'Bezig met verwijderen…', en: 'Deleting…' },
  checking: { nl: 'Even kijken wat er verwijderd wordt…', en: 'Checking what will be deleted…' },
};


interface Consequences {
  activeLinks: number;
  programme: { name: string; deadline: string | null } | null;
}

/**
 * Deleting a test from its report, in two steps: the first says what goes and who loses access
 * (share links, the programme it is shared with), the second deletes. A test whose programme's
 * deadline has passed cannot be deleted; the server refuses it and the reason is shown in words.
 */
export function DeleteReport({ id, token, earlierAttempts }: { id: string; token: string; earlierAttempts: number }) {
  const { route } = useLocation();
  const [step, setStep] = useState<'idle' | 'checking' | 'confirm' | 'deleting'>('idle');
  const [facts, setFacts] = useState<Consequences | null>(null);
  const [error, setError] = useMessage();
  // Why deleting is not possible (the programme's deadline passed), known before the reader confirms.
  const [refused, setRefused] = useMessage();
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  // A layout effect, so focus is on the question in the same frame it appears: with a plain effect
  // there is a moment (a frame or more on a busy machine) where the question shows and focus is lost.
  // Cancelling puts focus back on the button that opened the question (rendered again by then), so
  // the reader is where they were, not at the top of the page.
  const backToOpener = useRef(false);
  useLayoutEffect(() => {
    if (step === 'confirm') confirmHeading.current?.focus();
    if (step === 'idle' && backToOpener.current) {
      backToOpener.current = false;
      opener.current?.focus();
    }
  }, [step]);

  const open = async () => {
    setError(null);
    setStep('checking');
    try {
      const [links, programme] = await Promise.all([api.shares(id, token), api.sharedWith(id, token)]);
      setFacts({ activeLinks: links.filter((l) => l.state === 'active').length, programme });
      const closed = programme?.deadline && new Date(programme.deadline).getTime() <= Date.now();
      // The same words as when the server refuses: it stays the judge, this only saves a useless step.
      setRefused(closed ? await deleteErrorSay(new ApiError(409, '', SHARED_AFTER_DEADLINE), async () => programme) : null);
      setStep('confirm');
    } catch (err) {
      setError(() => errorText(err));
      setStep('idle');
    }
  };

  const cancel = () => {
    backToOpener.current = true;
    setStep('idle');
    setError(null);
  };

  const remove = async () => {
    setError(null);
    setStep('deleting');
    try {
      await api.remove(id, token);
    } catch (err) {
      setError(await deleteErrorSay(err, async () => facts?.programme ?? null));
      setStep('confirm');
      return;
    }
    forget(id);
    route('/?deleted=report');
  };

  return (
    <section class="delete-report no-print" aria-labelledby="delete-heading" lang={locale.value}>
      <h2 id="delete-heading">{tc(T.heading)}</h2>
      {step === 'idle' || step === 'checking' ? (
        <>
          <p>{tc(T.intro)}</p>
          <button type="button" class="danger-outline" ref={opener} onClick={open} disabled={step === 'checking'} aria-busy={step === 'checking'}>
            {step === 'checking' ? tc(T.checking) : tc(T.open)}
          </button>
        </>
      ) : (
        <div class="delete-confirm" role="group" aria-labelledby="delete-confirm-heading">
          <h3 id="delete-confirm-heading" tabIndex={-1} ref={confirmHeading}>{tc(refused ? T.refusedHeading : T.confirmHeading)}</h3>
          {refused ? (
            <>
              <p>{refused}</p>
              <button type="button" class="secondary" onClick={cancel}>{tc(T.close)}</button>
            </>
          ) : (
          <>
          <ul>
            <li>{tc(T.answers)}</li>
            <li>{!facts?.activeLinks ? tc(T.noLinks) : facts.activeLinks === 1 ? tc(T.link) : format(tc(T.links), { n: facts.activeLinks })}</li>
            {facts?.programme && <li>{format(tc(T.programme), { programme: facts.programme.name })}</li>}
            {earlierAttempts > 0 && <li>{tc(T.earlier)}</li>}
          </ul>
          <p class="meta">{tc(T.keepCopy)}</p>
          <div class="action-buttons">
            <button type="button" class="danger" onClick={remove} disabled={step === 'deleting'} aria-busy={step === 'deleting'}>
              {step === 'deleting' ? tc(T.busy) : tc(T.confirm)}
            </button>
            <button type="button" class="secondary" onClick={cancel} disabled={step === 'deleting'}>{tc(T.cancel)}</button>
          </div>
          </>
          )}
        </div>
      )}
      {error && <p role="alert" class="error">{error}</p>}
    </section>
  );
}
