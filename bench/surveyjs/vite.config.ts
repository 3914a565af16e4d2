// Bench-only build of the SurveyJS comparison page, with the same Vite and target as the app.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../.out/surveyjs', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    manifest: true,
    // SurveyJS is one large chunk by design; the size is what this benchmark reports, not a warning.
    chunkSizeWarningLimit: 10_000,
  },
});
