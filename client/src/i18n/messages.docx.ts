// Interface words of the DOCX download (issue 15 item 7): the startup's report page and the staff
// submission page offer it beside the PDF.
import { registerMessages } from './i18n.js';

export const nl = {
  'docx.download': 'Downloaden als Word (DOCX)',
  'docx.staff': 'Rapport als Word (DOCX)',
};

export const en: Record<keyof typeof nl, string> = {
  'docx.download': 'Download as Word (DOCX)',
  'docx.staff': 'Report as Word (DOCX)',
};

registerMessages(nl, en);
