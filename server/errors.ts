// One error shape for the whole API: { statusCode, error, message } and, where useful, details.
import { STATUS_CODES } from 'node:http';

export interface ErrorDetail {
  pointer?: string;
  question?: string;
  message: string;
}

export interface ErrorExtras {
  /** A stable, machine-readable kind of error (lower-case, dashed), for clients that act on it. */
  code?: string;
  /** Seconds after which trying again makes sense; sent as Retry-After. */
  retryAfter?: number;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: ErrorDetail[],
    readonly extras: ErrorExtras = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, details?: ErrorDetail[]) => new HttpError(400, message, details);
export const unauthorized = (message: string) => new HttpError(401, message);
export const notFound = (message: string) => new HttpError(404, message);
export const conflict = (message: string) => new HttpError(409, message);

export function errorBody(statusCode: number, message: string, details?: ErrorDetail[], code?: string) {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', ...(code ? { code } : {}), message, ...(details?.length ? { details } : {}) };
}
