// npm run render:questionnaires — writes docs/questionnaires/<id>.md for every questionnaire.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../config.js';
import { projectRoot } from '../paths.js';
import { loadCatalog } from '../questionnaires/catalog.js';
import { questionnaireMarkdown } from '../questionnaires/markdown.js';

if (process.argv[2] === '--help' || process.argv[2] === '-h') {
  console.log('usage: npm run render:questionnaires\n  Writes docs/questionnaires/<id>.md for every questionnaire, for reviewers who read no JSON.');
  process.exit(0);
}

const catalog = loadCatalog(defaultConfig().questionnairesDir);
const dir = join(projectRoot(), 'docs/questionnaires');
mkdirSync(dir, { recursive: true });
for (const q of catalog.questionnaires.values()) {
  const file = join(dir, `${q.document.id}.md`);
  writeFileSync(file, questionnaireMarkdown(q.document, catalog));
  console.log(`wrote ${file}`);
}
