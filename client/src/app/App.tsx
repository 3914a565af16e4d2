import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { LanguageSwitch } from '../components/LanguageSwitch/LanguageSwitch.js';
import { locale, t } from '../i18n/i18n.js';

// Each page loads on demand; the respondent's first screen needs only the home page.
const HomePage = lazy(() => import('../pages/Home/HomePage.js'));
const TestPage = lazy(() => import('../pages/Test/TestPage.js'));
const ReportPage = lazy(() => import('../pages/Report/ReportPage.js'));
const ResumePage = lazy(() => import('../pages/Resume/ResumePage.js'));
const SharedPage = lazy(() => import('../pages/Shared/SharedPage.js'));
const NotFound = lazy(() => import('../pages/NotFound/NotFound.js'));

function PageError() {
  return (
    <section role="alert">
      <h1>{t('app.error')}</h1>
      <button type="button" onClick={() => location.reload()}>{t('app.reload')}</button>
    </section>
  );
}

export function App() {
  useEffect(() => {
    document.documentElement.lang = locale.value;
    document.title = t('app.title');
  }, [locale.value]);

  return (
    <LocationProvider>
      <a class="skip-link" href="#main">{t('app.skip')}</a>
      <header class="site-header">
        <a class="brand" href="/">{t('app.title')}</a>
        <LanguageSwitch />
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary onError={(e) => console.error(e)}>
          <Router>
            <Route path="/" component={HomePage} />
            <Route path="/test/:id" component={TestPage} />
            <Route path="/report/:id" component={ReportPage} />
            <Route path="/resume" component={ResumePage} />
            <Route path="/shared" component={SharedPage} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
      <footer class="site-footer"><p>{t('app.footer')}</p></footer>
    </LocationProvider>
  );
}

export { PageError };
