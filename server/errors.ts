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
  get code(): string | undefined {
    return this.extras.code;
  }

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
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(code ? { code } : {}), ...(details?.length ? { details } : {}) };
}

/** The same shape written straight to a socket, for errors Node raises before there is a request (timeouts, oversized headers). */
export function clientErrorBody(statusCode: number, message: string): string {
  const body = JSON.stringify(errorBody(statusCode, message));
  return `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`;
}
