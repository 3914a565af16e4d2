// The respondent's key: the resume token of one response, sent as "Authorization: Bearer <token>".
import type { FastifyRequest } from 'fastify';
import { notFound, unauthorized } from '../errors.js';
import { tokenMatches, type ResponseRepository, type ResponseRow } from '../repositories/responses.js';

// The scheme name is case-insensitive and may be followed by more than one space (RFC 7235 §2.1).
const BEARER = /^Bearer +([A-Za-z0-9_-]{20,200})$/i;

/** The bearer token of a request (a resume or share-link token); 401 when there is none. */
export function bearerToken(request: FastifyRequest): string {
  const match = BEARER.exec(request.headers.authorization ?? '');
  if (!match) throw unauthorized('token-required', 'send the token as "Authorization: Bearer <token>"');
  return match[1];
}

/** The response this request may act on: its id in the URL, its token in the Authorization header. */
export async function authorizedResponse(request: FastifyRequest, responses: ResponseRepository): Promise<ResponseRow> {
  const { id } = request.params as { id: string };
  const token = bearerToken(request);
  const row = await responses.find(id);
  // Unknown id and wrong token answer alike, so the API does not tell which ids exist.
  if (!row || !tokenMatches(token, row.token_hash)) throw notFound('response-not-found', 'no response with this id for this token');
  return row;
}
