// One name per technology area on the staff screens (staff walkthrough #25): the short form in tables,
// filters and checkboxes, never the questionnaire's long title or the raw id.
import { t, type MessageKey } from '../i18n/i18n.js';
import '../i18n/messages.accounts.js';

const KNOWN = ['ai', 'quantum', 'xr'] as const;

/** The area's name in the current language; an area this build does not know keeps its id, in capitals. */
export function areaLabel(area: string): string {
  return (KNOWN as readonly string[]).includes(area) ? t(`accounts.area.${area}` as MessageKey) : area.toUpperCase();
}

export const areaList = (areas: readonly string[]) => areas.map(areaLabel).join(', ');
