import { Type, type Static } from 'typebox';
import { ERROR_CODE_LIST } from '../../core/error-codes.js';
import { LIMITS } from '../../core/types.js';

// The length bound sits in the pattern too, because record keys are checked by pattern alone.
export const Id = Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9][a-z0-9-]{0,79}$' });
export const LocaleSchema = Type.Union([Type.Literal('nl'), Type.Literal('en')]);
export const LocalizedSchema = Type.Object({ nl: Type.String(), en: Type.String() });

export const ErrorResponse = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    code: Type.Union(ERROR_CODE_LIST.map((c) => Type.Literal(c)), { description: 'The stable kind of error, for clients to act on and translate (docs/api.md, "Error codes")' }),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({
      pointer: Type.Optional(Type.String()),
      question: Type.Optional(Type.String()),
      message: Type.String(),
    }))),
  },
  { $id: 'Error', description: 'Every error: the HTTP status, its name, a stable code and a message naming what is wrong.' },
);

export const AnswerSchema = Type.Object(
  {
    option: Type.Optional(Id),
    options: Type.Optional(Type.Array(Id, { maxItems: 30 })),
    notApplicable: Type.Optional(Type.Literal(true)),
    text: Type.Optional(Type.String({ maxLength: LIMITS.text })),
    note: Type.Optional(Type.String({ maxLength: LIMITS.note })),
  },
  { additionalProperties: false, description: 'One of option, options, notApplicable or text, optionally with a note (a note alone counts as unanswered).' },
);
export type AnswerBody = Static<typeof AnswerSchema>;

export const AnswersSchema = Type.Record(Id, AnswerSchema, { additionalProperties: false, maxProperties: 300 });

/** Any JSON object; its content is checked by code that can name the fault precisely. */
export const OpenObject = Type.Object({}, { additionalProperties: true });
/** A file answered as bytes (PDF, DOCX, ZIP): documented as binary, sent as the Buffer it is. */
export const BinaryFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });
/** `?locale=nl|en`, nothing else: the language of a report, document or export. */
export const LocaleQuery = Type.Object({ locale: Type.Optional(LocaleSchema) }, { additionalProperties: false });

export const errorResponses = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, ErrorResponse]));
