import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api } from '../../api/client.js';
import { t } from '../../i18n/i18n.js';
import { responseErrorText } from '../../logic/errors.js';
import { parseResumeFragment, recall, remember } from '../../logic/tokens.js';

/** Opens a resume link: keeps the token on this device, then continues where the response stands. */
export default function ResumePage() {
  const { route } = useLocation();
  // The failure itself, not its text: the text follows the language switch.
  const [error, setError] = useState<{ err: unknown } | 'invalid' | null>(null);
  useEffect(() => {
    const parsed = parseResumeFragment(location.hash);
    if (!parsed) {
      setError('invalid');
      return;
    }
    // Drop the token from the address bar and history as soon as it is read.
    history.replaceState(null, '', '/resume');
    api.response(parsed.id, parsed.token).then(
      (r) => {
        // Keep what this device already knew of the test (last part shown, re-take).
        remember({ ...recall(parsed.id), id: parsed.id, token: parsed.token, submitted: r.status === 'submitted' });
        route(r.status === 'submitted' ? `/report/${parsed.id}` : `/test/${parsed.id}`, true);
      },
      (err) => setError({ err }),
    );
  }, []);
  return (
    <section>
      <h1>{t('app.title')}</h1>
      {error ? <p role="alert">{error === 'invalid' ? t('resume.invalid') : responseErrorText(error.err)}</p> : <p aria-busy="true">{t('app.loading')}</p>}
      {error && <a href="/">{t('notFound.home')}</a>}
    </section>
  );
}
