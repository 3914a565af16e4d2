// One error shape for the whole API: { statusCode, error, code, message } and, where useful, details.
// `code` is required and comes from core/error-codes.ts, so a misspelt or unlisted code does not compile.
import { STATUS_CODES } from 'node:http';
import { codeForStatus, type ErrorCode } from '../core/error-codes.js';

export type { ErrorCode } from '../core/error-codes.js';

export interface ErrorDetail {
  pointer?: string;
  question?: string;
  message: string;
}

export interface ErrorExtras {
  /** Seconds after which trying again makes sense; sent as Retry-After. */
  retryAfter?: number;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    /** The stable, machine-readable kind of error a client acts on and translates. */
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
    readonly extras: ErrorExtras = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (code: ErrorCode, message: string, details?: ErrorDetail[]) => new HttpError(400, code, message, details);
export const unauthorized = (code: ErrorCode, message: string) => new HttpError(401, code, message);
export const forbidden = (message: string, code: ErrorCode = 'forbidden') => new HttpError(403, code, message);
export const notFound = (code: ErrorCode, message: string) => new HttpError(404, code, message);
export const conflict = (code: ErrorCode, message: string, details?: ErrorDetail[]) => new HttpError(409, code, message, details);

export function errorBody(statusCode: number, code: ErrorCode, message: string, details?: ErrorDetail[]) {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message, ...(details?.length ? { details } : {}) };
}

/** The same shape written straight to a socket, for errors Node raises before there is a request (timeouts, oversized headers). */
export function clientErrorBody(statusCode: number, code: ErrorCode, message: string): string {
  const body = JSON.stringify(errorBody(statusCode, code, message));
  return `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`;
}

// Fastify's own errors (parser, router, schema validation) under our codes, so a client needs no
// knowledge of the framework; an unlisted one falls back to the code of its status.
const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_VALIDATION: 'invalid-request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid-json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid-json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed-request',
  FST_ERR_BAD_URL: 'invalid-url',
  FST_ERR_MAX_PARAM_LENGTH: 'url-too-long',
  FST_ERR_NOT_FOUND: 'not-found',
};

export function frameworkCode(err: { code?: unknown }, status: number): ErrorCode {
  return (typeof err.code === 'string' && FRAMEWORK_CODES[err.code]) || codeForStatus(status);
}
