// The way from a submission to its decision page, for those who may see it: managers and admins, and
// an assessor whose own review is submitted (the blind-review rule; the server enforces it too).
import { t } from '../../../i18n/i18n.js';
import '../../../i18n/messages.decide.js';

export function DecisionLink({ id, canReview, ownSubmitted }: { id: string; canReview: boolean; ownSubmitted: boolean }) {
  if (canReview && !ownSubmitted) return null;
  return <>{' · '}<a href={`/staff/submissions/${id}/decision`}>{t('decide.link')}</a></>;
}
