// Interface words of the issue 14 wiring: the startup's contact address on the staff submission page
// (shown only when the startup consented to show it to the programme), nl and en.
import { registerMessages } from './i18n.js';

export const nl = {
  'wire.startupContact': 'Contactadres van de startup:',
};

export const en: Record<keyof typeof nl, string> = {
  'wire.startupContact': 'Startup\'s contact address:',
};

registerMessages(nl, en);
