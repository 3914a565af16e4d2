// Interface words of the report screens. Dutch is complete; English falls back to Dutch per key.
export const nl = {} satisfies Record<string, string>;
export const en: Partial<Record<keyof typeof nl, string>> = {};
