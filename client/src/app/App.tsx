import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { LanguageSwitch } from '../components/LanguageSwitch/LanguageSwitch.js';
import { locale, t } from '../i18n/i18n.js';

// The respondent's path (home, test) ships in the main bundle: a lazy chunk would cost a round trip
// before the first question. Every other page loads on demand.
import HomePage from '../pages/Home/HomePage.js';
import TestPage from '../pages/Test/TestPage.js';
const ReportPage = lazy(() => import('../pages/Report/ReportPage.js'));
const ResumePage = lazy(() => import('../pages/Resume/ResumePage.js'));
const SharedPage = lazy(() => import('../pages/Shared/SharedPage.js'));
const PrivacyPage = lazy(() => import('../pages/Privacy/PrivacyPage.js'));
const NotFound = lazy(() => import('../pages/NotFound/NotFound.js'));
const JoinPage = lazy(() => import('../pages/Join/JoinPage.js'));
const LoginPage = lazy(() => import('../pages/Staff/LoginPage.js'));
const SetPasswordPage = lazy(() => import('../pages/Staff/SetPasswordPage.js'));
const PasswordPage = lazy(() => import('../pages/Staff/PasswordPage.js'));
const StaffHome = lazy(() => import('../pages/Staff/StaffHome.js'));
const UsersPage = lazy(() => import('../pages/Staff/UsersPage.js'));
const MailPage = lazy(() => import('../pages/Staff/MailPage.js'));
const ProgrammePage = lazy(() => import('../pages/Staff/ProgrammePage.js'));
const SubmissionPage = lazy(() => import('../pages/Staff/SubmissionPage.js'));
const CohortPage = lazy(() => import('../pages/Staff/CohortPage.js'));
const IntegrationPage = lazy(() => import('../pages/Staff/CohortIntegration/IntegrationPage.js'));
const EmbedPage = lazy(() => import('../pages/Embed/EmbedPage.js'));
const DecisionPage = lazy(() => import('../pages/Staff/Decision/DecisionPage.js'));
const TasksPage = lazy(() => import('../pages/Staff/Decision/TasksPage.js'));
const UnsubscribePage = lazy(() => import('../pages/Unsubscribe/UnsubscribePage.js'));
const VerifyPage = lazy(() => import('../pages/Verify/VerifyPage.js'));
const ScanPage = lazy(() => import('../pages/Scan/ScanPage.js'));
const ContentPage = lazy(() => import('../pages/Staff/Content/ContentPage.js'));
const DraftPage = lazy(() => import('../pages/Staff/Content/DraftPage.js'));
const ContentReviewPage = lazy(() => import('../pages/Staff/Content/ReviewPage.js'));

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
        <a href="/staff" style={{ marginLeft: 'auto' }}>{t('staff.headerLink')}</a>
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
            <Route path="/privacy" component={PrivacyPage} />
            <Route path="/join" component={JoinPage} />
            <Route path="/join/:code" component={JoinPage} />
            <Route path="/staff" component={StaffHome} />
            <Route path="/staff/login" component={LoginPage} />
            <Route path="/staff/set-password" component={SetPasswordPage} />
            <Route path="/staff/password" component={PasswordPage} />
            <Route path="/staff/users" component={UsersPage} />
            <Route path="/staff/mail" component={MailPage} />
            <Route path="/staff/programmes/:id" component={ProgrammePage} />
            <Route path="/staff/submissions/:id" component={SubmissionPage} />
            <Route path="/staff/programmes/:id/cohort" component={CohortPage} />
            <Route path="/staff/programmes/:id/integration" component={IntegrationPage} />
            <Route path="/embed/:code" component={EmbedPage} />
            <Route path="/staff/submissions/:id/decision" component={DecisionPage} />
            <Route path="/staff/tasks" component={TasksPage} />
            <Route path="/unsubscribe" component={UnsubscribePage} />
            <Route path="/verify" component={VerifyPage} />
            <Route path="/scan/:id" component={ScanPage} />
            <Route path="/staff/content" component={ContentPage} />
            <Route path="/staff/content/:id" component={DraftPage} />
            <Route path="/staff/content/:id/review" component={ContentReviewPage} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
      <footer class="site-footer">
        <p>{t('app.footer')}</p>
        <p><a href="/privacy">{t('privacy.link')}</a></p>
      </footer>
    </LocationProvider>
  );
}

export { PageError };
