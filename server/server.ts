// The process: reads the environment, builds the app and listens. Everything else is in app.ts.
import { buildApp } from './build.js';
import { configFromEnv } from './config.js';
import { QuestionnaireError } from './questionnaires/catalog.js';

async function main() {
  let config;
  try {
    config = configFromEnv();
  } catch (err) {
    console.error(`Cannot start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
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
  if (!config.publicUrl) {
    app.log.warn('PUBLIC_URL is not set: the browser builds links (resume, share, join, invitations) from the address it has open, and create-admin refuses to print one. Set PUBLIC_URL to the address people reach the app on (docs/operations.md).');
  }
  await app.listen({ port: config.port, host: config.host });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
