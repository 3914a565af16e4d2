// Start-up runs the migrations inside a plugin. Fastify gives each plugin 10 s by default and then
// kills the start: a long migration on a big database, or a start on a busy machine, must not be
// cut off halfway. Fake timers stand in for the slow start, so the test takes no time.
import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serverOptions } from '../../server/build.js';
import { defaultConfig } from '../../server/config.js';

afterEach(() => vi.useRealTimers());

describe('start-up', () => {
  it('lets a plugin (the migrations) take longer than Fastify\'s default 10 s', async () => {
    vi.useFakeTimers();
    const app = Fastify(serverOptions(defaultConfig()));
    app.register(async () => {
      await new Promise((resolve) => setTimeout(resolve, 60_000));
    });
    const ready = app.ready();
    await vi.advanceTimersByTimeAsync(60_001);
    await expect(ready).resolves.toBeDefined();
    await app.close();
  });
});
