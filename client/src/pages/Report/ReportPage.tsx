import { useMessage } from '../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { api, type Report } from '../../api/client.js';
import { ReportActions } from '../../components/Report/ReportActions.js';
import { ReportView } from '../../components/Report/ReportView.js';
import { AdoptButton, PlanSection } from '../../components/ActionPlan/PlanSection.js';
import { planApi, type Plan } from '../../api/plan.js';
import { NextSteps } from '../../components/Report/NextSteps.js';
import { DeleteReport } from '../../components/Report/DeleteReport.js';
import { NewerAttempt } from '../../components/Report/NewerAttempt.js';
import { OpenRequests } from '../../components/OpenRequests/OpenRequests.js';
import { StartupDecision } from './StartupDecision.js';
import { PeerComparison } from '../../components/Peers/PeerComparison.js';
import { ContactForm } from '../../components/ContactForm/ContactForm.js';
import { locale, t } from '../../i18n/i18n.js';
import { responseErrorText } from '../../logic/errors.js';
import { recall } from '../../logic/tokens.js';

/**
 * Keyed by the response: going from one report to another (a newer attempt's link) starts afresh, so
 * nothing of the first (its share link just made, an open deletion question, the name typed) stays
 * under the second.
 */
export default function ReportPage({ id }: { id: string }) {
  return <ReportOf key={id} id={id} />;
}

function ReportOf({ id }: { id: string }) {
  const stored = recall(id);
  const [report, setReport] = useState<Report | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useMessage(stored ? null : () => t('test.noToken'));
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!stored) return;
    // Only the newest request's answer is shown: after switching language and back, the earlier
    // language's report may come in last and would otherwise stay on the page.
    let current = true;
    // Together, so the page is ready (and prints, for the PDF) only with its plan.
    Promise.all([api.report(id, stored.token, locale.value), planApi.get(id, stored.token, locale.value)]).then(([r, p]) => {
      if (!current) return;
      setPlan(p);
      setReport(r);
    }, (err) => { if (current) setError(() => responseErrorText(err)); });
    return () => { current = false; };
  }, [id, locale.value, version]);

  if (error) return <section><h1>{t('report.heading')}</h1><p role="alert">{error}</p><a href="/">{t('notFound.home')}</a></section>;
  if (!report) return <p aria-busy="true">{t('app.loading')}</p>;
  return (
    <>
      {report.response.newerAttempt && <NewerAttempt newer={report.response.newerAttempt} />}
      {report.response.status === 'submitted' && <OpenRequests id={id} token={stored!.token} onChanged={() => setVersion((v) => v + 1)} />}
      <StartupDecision id={id} token={stored!.token} />
      <ReportView report={report} actions={<ReportActions report={report} token={stored!.token} onChanged={() => setVersion((v) => v + 1)} />}
        plan={plan && <PlanSection id={id} token={stored!.token} plan={plan} onChange={setPlan} />}
        planControl={plan ? (a) => <AdoptButton questionId={a.question} prompt={a.prompt} id={id} token={stored!.token} plan={plan} onChange={setPlan} /> : undefined} />
      {report.response.status === 'submitted' && <PeerComparison id={id} token={stored!.token} values={report.values} />}
      {report.response.status === 'submitted' && <NextSteps />}
      <ContactForm id={id} token={stored!.token} />
      {report.response.status === 'submitted' && <DeleteReport id={id} token={stored!.token} earlierAttempts={report.history.length} />}
    </>
  );
}
