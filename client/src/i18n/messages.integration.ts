// Interface words of the embed, the cohort dashboard and the integration settings (API keys, webhooks).
export const nl = {} satisfies Record<string, string>;
export const en: Partial<Record<keyof typeof nl, string>> = {};
