// The process: reads the environment, builds the app and listens. Everything else is in app.ts.
import { buildApp } from './build.js';
import { configFromEnv } from './config.js';
import { QuestionnaireError } from './questionnaires/catalog.js';

async function main() {
  const config = configFromEnv();
  let app;
  try {
    app = await buildApp(config, { level: process.env.LOG_LEVEL ?? 'info' });
  } catch (err) {
    if (err instanceof QuestionnaireError) {
      console.error(`Cannot start: invalid questionnaire(s)\n${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      app.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
