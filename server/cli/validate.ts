// npm run validate — checks every questionnaire the way start-up does, and says what it found.
import { defaultConfig } from '../config.js';
import { loadCatalog, QuestionnaireError } from '../questionnaires/catalog.js';

if (process.argv[2] === '--help' || process.argv[2] === '-h') {
  console.log('usage: npm run validate [-- <questionnaires folder>]\n  Checks every questionnaire the way start-up does (default QUESTIONNAIRES_DIR or ./questionnaires); exits 1 naming file and JSON pointer.');
  process.exit(0);
}

const dir = process.argv[2] ?? process.env.QUESTIONNAIRES_DIR ?? defaultConfig().questionnairesDir;
try {
  const catalog = loadCatalog(dir);
  for (const q of catalog.questionnaires.values()) {
    const questions = q.document.sections.reduce((n, s) => n + s.questions.length, 0);
    console.log(`ok  ${q.file}  ${q.document.id}@${q.document.version}  ${questions} questions`);
  }
  console.log(`${catalog.questionnaires.size} questionnaire(s) valid`);
} catch (err) {
  if (err instanceof QuestionnaireError) {
    console.error(`invalid questionnaire(s):\n${err.message}`);
    process.exit(1);
  }
  throw err;
}
