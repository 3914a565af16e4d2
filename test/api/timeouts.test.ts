// Issue 10 item 10: a client that never finishes its request is cut off (slowloris), with the one error shape.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../helpers/app.js';

let app: FastifyInstance;
let port: number;
beforeAll(async () => {
  app = await testApp({ requestTimeoutMs: 400 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app.close();
});

/** Writes raw bytes and resolves with what the server sent and after how long the connection closed. */
function rawRequest(bytes: string, giveUpMs = 5_000): Promise<{ received: string; closedAfterMs: number | null }> {
  return new Promise((resolve) => {
    const started = Date.now();
    let received = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (d) => (received += d.toString()));
    socket.on('error', () => {});
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received, closedAfterMs: null });
    }, giveUpMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ received, closedAfterMs: Date.now() - started });
    });
  });
}

describe('request timeouts', () => {
  it('cut off a request whose body never finishes, with 408 in the error shape', async () => {
    const { received, closedAfterMs } = await rawRequest(
      'POST /api/score HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"answers":',
    );
    expect(closedAfterMs, 'the connection is closed').not.toBeNull();
    expect(closedAfterMs!).toBeLessThan(3_000);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(received.split('\r\n\r\n')[1])).toEqual({ statusCode: 408, error: 'Request Timeout', code: 'request-timeout', message: 'the request was not sent in time' });
  });

  it('cut off a request whose headers never finish', async () => {
    const { closedAfterMs } = await rawRequest('GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: a');
    expect(closedAfterMs, 'the connection is closed').not.toBeNull();
    expect(closedAfterMs!).toBeLessThan(3_000);
  });

  it('leave ordinary requests alone', async () => {
    const { received } = await rawRequest('GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
  });
});
