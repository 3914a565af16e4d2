// The report's way to a programme. A test started from a programme's join page leads back to THAT
// programme (its name, its /join/<code>), so the startup need not find the link again; otherwise the
// generic code form.
import { useEffect, useState } from 'preact/hooks';
import { staffApi } from '../../api/staff.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.cohort.js';
import { joinCodeOf } from '../../logic/staffJoin.js';

export function ProgrammeShareLink({ responseId }: { responseId: string }) {
  const code = joinCodeOf(responseId);
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    if (code) staffApi.join(code).then((p) => setName(p.name), () => setName(null));
  }, [code]);
  if (!code || !name) {
    return <p class="programme-share">{t('report.programmeText')} <a href="/join">{t('report.programmeLink')}</a></p>;
  }
  return (
    <p class="programme-share">
      {t('joinBack.text', { programme: name })} <a href={`/join/${code}`}>{t('joinBack.link', { programme: name })}</a>
    </p>
  );
}
