// The programme settings' section for what it takes in besides the scored test (issue 17): per area the
// questionnaire versions it accepts, and up to 10 unscored questions of its own, asked on sharing.
import { useMessage, type Say } from '../../logic/message.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { intakeApi, type Intake, type ProgrammeQuestion, type VersionRule } from '../../api/intake.js';
import type { ProgrammeDetail } from '../../api/staff.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.programme.js';
import { areaLabel } from '../../logic/areas.js';
import { errorText } from '../../logic/errors.js';

const MAX_QUESTIONS = 10;
type Mode = 'any' | 'minimum' | 'majors';
interface RuleDraft { mode: Mode; value: string }
interface QuestionDraft { id: string; kind: 'text' | 'choice'; nl: string; en: string; required: boolean; options: string }

const ruleDraft = (r: VersionRule | undefined): RuleDraft =>
  !r ? { mode: 'any', value: '' } : 'minimum' in r ? { mode: 'minimum', value: r.minimum } : { mode: 'majors', value: r.majors.join(', ') };
const questionDraft = (q: ProgrammeQuestion): QuestionDraft => ({
  id: q.id, kind: q.kind, nl: q.prompt.nl, en: q.prompt.en, required: q.required,
  options: (q.options ?? []).map((o) => `${o.label.nl} | ${o.label.en}`).join('\n'),
});

/** The drafts as the API takes them, or the message key of what is missing. */
function toIntake(rules: Record<string, RuleDraft>, questions: QuestionDraft[]): Intake | 'programme.intake.incomplete' | 'programme.intake.badVersion' {
  const acceptedVersions: Intake['acceptedVersions'] = {};
  for (const [area, r] of Object.entries(rules)) {
    if (r.mode === 'minimum') {
      if (!/^\d{1,4}\.\d{1,4}\.\d{1,4}$/.test(r.value.trim())) return 'programme.intake.badVersion';
      acceptedVersions[area] = { minimum: r.value.trim() };
    } else if (r.mode === 'majors') {
      const majors = r.value.split(/[,\s]+/).filter(Boolean).map(Number);
      if (!majors.length || majors.some((m) => !Number.isInteger(m) || m < 1)) return 'programme.intake.badVersion';
      acceptedVersions[area] = { majors };
    }
  }
  const out: ProgrammeQuestion[] = [];
  for (const q of questions) {
    if (!q.nl.trim() || !q.en.trim()) return 'programme.intake.incomplete';
    const base = { id: q.id, kind: q.kind, prompt: { nl: q.nl.trim(), en: q.en.trim() }, required: q.required };
    if (q.kind === 'text') { out.push(base); continue; }
    const options = q.options.split('\n').map((l) => l.trim()).filter(Boolean).map((line, i) => {
      const [nl, en] = line.split('|').map((x) => x.trim());
      return { id: `o${i + 1}`, label: { nl, en: en || nl } };
    });
    if (options.length < 2 || options.some((o) => !o.label.nl)) return 'programme.intake.incomplete';
    out.push({ ...base, options });
  }
  return { acceptedVersions, questions: out };
}

export function ProgrammeIntake({ programme, announce }: { programme: ProgrammeDetail; announce: (say: Say) => void }) {
  const [rules, setRules] = useState<Record<string, RuleDraft> | null>(null);
  const [questions, setQuestions] = useState<QuestionDraft[]>([]);
  const [error, setError] = useMessage();
  const [busy, setBusy] = useState(false);
  const load = (intake: Intake) => {
    setRules(Object.fromEntries(programme.areas.map((a) => [a, ruleDraft(intake.acceptedVersions[a])])));
    setQuestions(intake.questions.map(questionDraft));
  };
  useEffect(() => { intakeApi.get(programme.id).then(load, (err) => setError(() => errorText(err))); }, [programme.id]);
  // What the form holds now, for a save's answer to compare with what it sent.
  const shown = useRef({ rules, questions });
  shown.current = { rules, questions };
  if (!rules) return error ? <p role="alert" class="error">{error}</p> : null;

  const setQ = (i: number, change: Partial<QuestionDraft>) => setQuestions(questions.map((q, j) => (j === i ? { ...q, ...change } : q)));
  const add = () => {
    // A new id never reuses one in the list, so answers already given stay with their question.
    let n = questions.length + 1;
    while (questions.some((q) => q.id === `q${n}`)) n++;
    setQuestions([...questions, { id: `q${n}`, kind: 'text', nl: '', en: '', required: false, options: '' }]);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const intake = toIntake(rules, questions);
    if (typeof intake === 'string') return setError(() => t(intake));
    setBusy(true);
    try {
      const saved = await intakeApi.save(programme.id, intake);
      // Typed on while the save was on its way: the saved answer would overwrite that, so the form
      // keeps it (to be saved next) and takes the server's version only when nothing changed.
      if (shown.current.rules === rules && shown.current.questions === questions) load(saved);
      announce(() => t('programme.intake.saved'));
    } catch (err) {
      setError(() => errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form-grid programme-intake" onSubmit={save} noValidate aria-labelledby="intake-heading">
      <h2 id="intake-heading">{t('programme.intake.heading')}</h2>
      <fieldset>
        <legend>{t('programme.intake.versionsLegend')}</legend>
        <p class="hint">{t('programme.intake.versionsHint')}</p>
        {Object.entries(rules).map(([area, r]) => (
          <div key={area} class="intake-rule">
            <label for={`rule-${area}`}>{t('programme.intake.ruleFor', { area: areaLabel(area) })}</label>
            <select id={`rule-${area}`} value={r.mode} onChange={(e) => setRules({ ...rules, [area]: { ...r, mode: e.currentTarget.value as Mode } })}>
              <option value="any">{t('programme.intake.any')}</option>
              <option value="minimum">{t('programme.intake.minimum')}</option>
              <option value="majors">{t('programme.intake.majors')}</option>
            </select>
            {r.mode !== 'any' && (
              <>
                <label for={`rule-value-${area}`}>{t(r.mode === 'minimum' ? 'programme.intake.minimumValue' : 'programme.intake.majorsValue', { area: areaLabel(area) })}</label>
                <input id={`rule-value-${area}`} type="text" inputMode="decimal" maxLength={100} value={r.value}
                  onInput={(e) => setRules({ ...rules, [area]: { ...r, value: e.currentTarget.value } })} />
              </>
            )}
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('programme.intake.questionsLegend')}</legend>
        <p class="hint">{t('programme.intake.questionsHint')}</p>
        {questions.map((q, i) => {
          const n = i + 1;
          return (
            <div key={q.id} class="intake-question" role="group" aria-label={t('programme.intake.question', { n })}>
              <h3>{t('programme.intake.question', { n })}</h3>
              <label for={`q-nl-${i}`}>{t('programme.intake.promptNl', { n })}</label>
              <input id={`q-nl-${i}`} type="text" maxLength={300} value={q.nl} onInput={(e) => setQ(i, { nl: e.currentTarget.value })} />
              <label for={`q-en-${i}`}>{t('programme.intake.promptEn', { n })}</label>
              <input id={`q-en-${i}`} type="text" maxLength={300} value={q.en} onInput={(e) => setQ(i, { en: e.currentTarget.value })} />
              <label for={`q-kind-${i}`}>{t('programme.intake.kind', { n })}</label>
              <select id={`q-kind-${i}`} value={q.kind} onChange={(e) => setQ(i, { kind: e.currentTarget.value as QuestionDraft['kind'] })}>
                <option value="text">{t('programme.intake.kindText')}</option>
                <option value="choice">{t('programme.intake.kindChoice')}</option>
              </select>
              {q.kind === 'choice' && (
                <>
                  <label for={`q-options-${i}`}>{t('programme.intake.options', { n })}</label>
                  <textarea id={`q-options-${i}`} rows={3} maxLength={5000} value={q.options} onInput={(e) => setQ(i, { options: e.currentTarget.value })} />
                </>
              )}
              <label class="checkbox">
                <input type="checkbox" checked={q.required} onChange={(e) => setQ(i, { required: e.currentTarget.checked })} />
                {t('programme.intake.required')}
              </label>
              <div>
                <button type="button" class="link-button danger" onClick={() => setQuestions(questions.filter((_, j) => j !== i))}>
                  {t('programme.intake.remove', { n })}
                </button>
              </div>
            </div>
          );
        })}
        {questions.length < MAX_QUESTIONS && <div><button type="button" class="secondary" onClick={add}>{t('programme.intake.add')}</button></div>}
      </fieldset>
      {error && <p role="alert" class="error" id="intake-error">{error}</p>}
      <div><button type="submit" disabled={busy} aria-busy={busy}>{t('programme.intake.save')}</button></div>
    </form>
  );
}
