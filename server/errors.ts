// One error shape for the whole API: { statusCode, error, message } and, where useful, details.
import { STATUS_CODES } from 'node:http';

export interface ErrorDetail {
  pointer?: string;
  question?: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: ErrorDetail[],
    /** A stable machine-readable name for the error kind (lower-case, dashes), for clients to branch on. */
    readonly code?: string,
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
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(details?.length ? { details } : {}), ...(code ? { code } : {}) };
}
