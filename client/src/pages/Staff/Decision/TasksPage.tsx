// "Mijn taken" (/staff/tasks): the submissions assigned to me across my programmes, with my review's
// state and the programme's deadline.
import { useMessage } from '../../../logic/message.js';
import { useEffect, useState } from 'preact/hooks';
import { decideApi, type Task } from '../../../api/decide.js';
import { StaffShell } from '../../../components/StaffShell/StaffShell.js';
import { locale, t } from '../../../i18n/i18n.js';
import '../../../i18n/messages.decide.js';
import { errorText } from '../../../logic/errors.js';
import { formatDate } from '../../../logic/staff.js';
import './decision.css';

function Tasks() {
  const [items, setItems] = useState<Task[] | null>(null);
  const [error, setError] = useMessage();
  useEffect(() => {
    decideApi.tasks().then((r) => setItems(r.items), (err) => setError(() => errorText(err)));
  }, []);
  if (error) return <section><h1>{t('decide.tasks')}</h1><p role="alert" class="error">{error}</p></section>;
  if (!items) return <p aria-busy="true">{t('app.loading')}</p>;
  return (
    <section>
      <h1>{t('decide.tasks')}</h1>
      <p class="hint">{t('decide.tasks.intro')}</p>
      {items.length === 0 ? <p>{t('decide.tasks.empty')}</p> : (
        <ul class="tasks-list">
          {items.map((i) => (
            <li key={`${i.programme.id}-${i.submission.id}`}>
              <a href={`/staff/submissions/${i.submission.id}`}><strong>{i.submission.name}</strong></a> · {i.programme.name}
              <br />
              {t('decide.tasks.review')}: {t(`decide.review.${i.reviewStatus ?? 'none'}`)} · {t('decide.tasks.deadline')}: {i.programme.deadline ? formatDate(i.programme.deadline, locale.value) : t('decide.noDeadline')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function TasksPage() {
  return <StaffShell>{() => <Tasks />}</StaffShell>;
}
