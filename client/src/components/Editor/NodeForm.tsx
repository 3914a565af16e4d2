// The form for the selected node of the draft: every field of the questionnaire format
// (docs/questionnaire-format.md), texts nl/en side by side, each field with its validation faults
// under it. Rare fields (sources, recommendations) through "advanced: edit this node as JSON".
import { useMessage } from '../../logic/message.js';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Localized, Option, Question, Questionnaire, Section } from '../../../../core/types.js';
import type { CatalogueEntry } from '../../api/editor.js';
import { tc, t } from '../../i18n/i18n.js';
import '../../i18n/messages.editor.js';
import { fieldDomId, type PlacedFault } from '../../logic/editor/pointer.js';
import { earlierQuestions, nodeAt, replaceNode, type NodeRef } from '../../logic/editor/tree.js';

interface Props {
  doc: Questionnaire;
  node: NodeRef;
  faults: PlacedFault[];
  catalogue: { values: CatalogueEntry[]; instruments: CatalogueEntry[] };
  onChange: (doc: Questionnaire) => void;
}

type Obj = Record<string, unknown>;
/** Sets (or, for undefined, drops) a property: an empty optional field leaves no trace in the file. */
const setProp = <T extends Obj>(o: T, key: string, value: unknown): T => {
  const next = { ...o } as Obj;
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as T;
};

function FaultList({ field, faults }: { field: string; faults: PlacedFault[] }) {
  const mine = faults.filter((f) => f.field === field);
  if (!mine.length) return null;
  return <ul class="field-faults" id={`${fieldDomId(field)}-faults`}>{mine.map((f) => <li key={f.pointer + f.message}><span aria-hidden="true">⚠ </span>{f.message}</li>)}</ul>;
}
const describedBy = (field: string, faults: PlacedFault[]) => (faults.some((f) => f.field === field) ? `${fieldDomId(field)}-faults` : undefined);
const invalid = (field: string, faults: PlacedFault[]) => (faults.some((f) => f.field === field) ? true : undefined);

function Field({ field, label, faults, children }: { field: string; label: string; faults: PlacedFault[]; children: ComponentChildren }) {
  return (
    <div class="ed-field">
      <label for={fieldDomId(field)}>{label}</label>
      {children}
      <FaultList field={field} faults={faults} />
    </div>
  );
}

/** A text in both languages side by side; optional texts disappear when both halves are empty. */
function TextPair({ name, label, value, optional, long, faults, onChange }: {
  name: string; label: string; value: Localized | undefined; optional?: boolean; long?: boolean; faults: PlacedFault[]; onChange: (v: Localized | undefined) => void;
}) {
  const set = (lang: 'nl' | 'en', text: string) => {
    const next = { nl: value?.nl ?? '', en: value?.en ?? '', [lang]: text };
    onChange(optional && !next.nl && !next.en ? undefined : next);
  };
  return (
    <fieldset class="text-pair">
      <legend>{label}</legend>
      {(['nl', 'en'] as const).map((lang) => {
        const field = `${name}/${lang}`;
        const props = {
          id: fieldDomId(field), value: value?.[lang] ?? '', 'aria-invalid': invalid(field, faults), 'aria-describedby': describedBy(field, faults),
          onInput: (e: Event) => set(lang, (e.currentTarget as HTMLInputElement).value),
        };
        return (
          <div class="ed-field" key={lang}>
            <label for={fieldDomId(field)}>{t(`editor.lang.${lang}`)}</label>
            {long ? <textarea rows={3} {...props} /> : <input type="text" {...props} />}
            <FaultList field={field} faults={faults} />
          </div>
        );
      })}
    </fieldset>
  );
}

function IdField({ value, faults, onChange }: { value: string; faults: PlacedFault[]; onChange: (v: string) => void }) {
  return (
    <Field field="id" label={t('editor.field.id')} faults={faults}>
      <input id={fieldDomId('id')} type="text" value={value} spellcheck={false} aria-invalid={invalid('id', faults)} aria-describedby={describedBy('id', faults)}
        onInput={(e) => onChange(e.currentTarget.value)} />
    </Field>
  );
}

function Check({ field, label, checked, faults, onChange }: { field: string; label: string; checked: boolean; faults: PlacedFault[]; onChange: (v: boolean) => void }) {
  return (
    <div class="ed-field">
      <label class="checkbox">
        <input id={fieldDomId(field)} type="checkbox" checked={checked} aria-describedby={describedBy(field, faults)} onChange={(e) => onChange(e.currentTarget.checked)} /> {label}
      </label>
      <FaultList field={field} faults={faults} />
    </div>
  );
}

const numberOrUndefined = (s: string) => (s.trim() === '' ? undefined : Number(s.replace(',', '.')));

function TopForm({ doc, faults, catalogue, set }: { doc: Questionnaire; faults: PlacedFault[]; catalogue: Props['catalogue']; set: (d: Questionnaire) => void }) {
  const upd = (key: string, v: unknown) => set(setProp(doc as unknown as Obj, key, v) as unknown as Questionnaire);
  const scoring = (key: 'sufficient' | 'attention' | 'profileThreshold', v: number | undefined) => {
    const next = setProp({ ...(doc.scoring ?? {}) }, key, v);
    upd('scoring', Object.keys(next).length ? next : undefined);
  };
  const relevance = (value: string, level: number) => {
    const next = setProp({ ...(doc.relevance ?? {}) }, value, level === 1 ? undefined : level);
    upd('relevance', Object.keys(next).length ? next : undefined);
  };
  return (
    <>
      <IdField value={doc.id} faults={faults} onChange={(v) => upd('id', v)} />
      <Field field="area" label={t('editor.field.area')} faults={faults}>
        <input id={fieldDomId('area')} type="text" value={doc.area} aria-describedby={describedBy('area', faults)} onInput={(e) => upd('area', e.currentTarget.value)} />
      </Field>
      <TextPair name="title" label={t('editor.field.title')} value={doc.title} faults={faults} onChange={(v) => upd('title', v)} />
      <TextPair name="intro" label={t('editor.field.intro')} value={doc.intro} optional long faults={faults} onChange={(v) => upd('intro', v)} />
      <fieldset>
        <legend>{t('editor.field.scoring')}</legend>
        {(['sufficient', 'attention', 'profileThreshold'] as const).map((k) => (
          <Field key={k} field={`scoring/${k}`} label={t(`editor.scoring.${k}`)} faults={faults}>
            <input id={fieldDomId(`scoring/${k}`)} type="number" min={0} max={100} value={doc.scoring?.[k] ?? ''} placeholder={String({ sufficient: 60, attention: 40, profileThreshold: 50 }[k])}
              aria-describedby={describedBy(`scoring/${k}`, faults)} onInput={(e) => scoring(k, numberOrUndefined(e.currentTarget.value))} />
          </Field>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('editor.field.relevance')}</legend>
        <FaultList field="relevance" faults={faults} />
        <div class="relevance-grid">
          {catalogue.values.map((v) => (
            <div class="ed-field" key={v.id}>
              <label for={`rel-${v.id}`}>{tc(v.name)}</label>
              <select id={`rel-${v.id}`} value={String(doc.relevance?.[v.id] ?? 1)} onChange={(e) => relevance(v.id, Number(e.currentTarget.value))}>
                {[1, 2, 3].map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            </div>
          ))}
        </div>
      </fieldset>
    </>
  );
}

function SectionForm({ section, faults, set }: { section: Section; faults: PlacedFault[]; set: (s: Section) => void }) {
  const upd = (key: string, v: unknown) => set(setProp(section as unknown as Obj, key, v) as unknown as Section);
  return (
    <>
      <IdField value={section.id} faults={faults} onChange={(v) => upd('id', v)} />
      <TextPair name="title" label={t('editor.field.title')} value={section.title} faults={faults} onChange={(v) => upd('title', v)} />
      <TextPair name="intro" label={t('editor.field.intro')} value={section.intro} optional long faults={faults} onChange={(v) => upd('intro', v)} />
      <FaultList field="questions" faults={faults} />
    </>
  );
}

function QuestionForm({ doc, at, question, faults, catalogue, set }: {
  doc: Questionnaire; at: { s: number; q: number }; question: Question; faults: PlacedFault[]; catalogue: Props['catalogue']; set: (q: Question) => void;
}) {
  const upd = (key: string, v: unknown) => set(setProp(question as unknown as Obj, key, v) as unknown as Question);
  const earlier = earlierQuestions(doc, at).filter((q) => q.type !== 'text');
  const condition = earlier.find((q) => q.id === question.visibleIf?.question);
  const values = question.values ?? [];
  const setValues = (next: typeof values) => upd('values', next.length ? next : undefined);
  const instruments = question.instruments ?? [];
  return (
    <>
      <IdField value={question.id} faults={faults} onChange={(v) => upd('id', v)} />
      <Field field="type" label={t('editor.field.type')} faults={faults}>
        <select id={fieldDomId('type')} value={question.type} onChange={(e) => {
          const type = e.currentTarget.value as Question['type'];
          // A text question has no options and no values; a choice question needs an options list.
          let next = setProp(question as unknown as Obj, 'type', type) as unknown as Question;
          if (type === 'text') next = setProp(setProp(next as unknown as Obj, 'options', undefined), 'values', undefined) as unknown as Question;
          else next = setProp(next as unknown as Obj, 'options', question.options ?? []) as unknown as Question;
          set(next);
        }}>
          {(['single', 'scale', 'multi', 'text'] as const).map((k) => <option key={k} value={k}>{t(`editor.type.${k}`)}</option>)}
        </select>
      </Field>
      <TextPair name="prompt" label={t('editor.field.prompt')} value={question.prompt} faults={faults} onChange={(v) => upd('prompt', v)} />
      <TextPair name="help" label={t('editor.field.help')} value={question.help} optional long faults={faults} onChange={(v) => upd('help', v)} />
      <Check field="required" label={t('editor.field.required')} checked={!!question.required} faults={faults} onChange={(v) => upd('required', v || undefined)} />
      <Check field="allowNotApplicable" label={t('editor.field.allowNotApplicable')} checked={!!question.allowNotApplicable} faults={faults} onChange={(v) => upd('allowNotApplicable', v || undefined)} />
      <Check field="quickScan" label={t('editor.field.quickScan')} checked={!!question.quickScan} faults={faults} onChange={(v) => upd('quickScan', v ? true : undefined)} />
      {question.type !== 'text' && (
        <fieldset>
          <legend>{t('editor.field.values')}</legend>
          <FaultList field="values" faults={faults} />
          {values.map((ref, i) => (
            <div class="value-row" key={i}>
              <div class="ed-field">
                <label for={`val-${i}`}>{t('editor.value.value')}</label>
                <select id={`val-${i}`} value={ref.value} onChange={(e) => setValues(values.map((r, j) => (j === i ? { ...r, value: e.currentTarget.value } : r)))}>
                  {catalogue.values.map((v) => <option key={v.id} value={v.id}>{tc(v.name)} ({t(`editor.dimension.${v.dimension ?? 'goal'}`)})</option>)}
                </select>
              </div>
              <div class="ed-field">
                <label for={`weight-${i}`}>{t('editor.value.weight')}</label>
                <input id={`weight-${i}`} type="number" min={0.001} max={100} step="any" value={ref.weight ?? ''} placeholder="1"
                  onInput={(e) => setValues(values.map((r, j) => (j === i ? setProp(r as unknown as Obj, 'weight', numberOrUndefined(e.currentTarget.value)) as unknown as typeof r : r)))} />
              </div>
              <button type="button" class="secondary" onClick={() => setValues(values.filter((_, j) => j !== i))}>{t('editor.value.remove', { name: ref.value })}</button>
            </div>
          ))}
          <button type="button" class="secondary" disabled={!catalogue.values.length}
            onClick={() => setValues([...values, { value: catalogue.values.find((v) => !values.some((r) => r.value === v.id))?.id ?? catalogue.values[0].id }])}>{t('editor.value.add')}</button>
        </fieldset>
      )}
      <fieldset>
        <legend>{t('editor.field.visibleIf')}</legend>
        <Field field="visibleIf" label={t('editor.visibleIf.question')} faults={faults}>
          <select id={fieldDomId('visibleIf')} value={question.visibleIf?.question ?? ''} aria-describedby={describedBy('visibleIf', faults)}
            onChange={(e) => upd('visibleIf', e.currentTarget.value ? { question: e.currentTarget.value, anyOf: [] } : undefined)}>
            <option value="">{t('editor.visibleIf.always')}</option>
            {earlier.map((q) => <option key={q.id} value={q.id}>{q.id}: {q.prompt.nl}</option>)}
          </select>
        </Field>
        {condition && (
          <fieldset>
            <legend>{t('editor.visibleIf.anyOf')}</legend>
            {(condition.options ?? []).map((o) => (
              <label class="checkbox" key={o.id}>
                <input type="checkbox" checked={question.visibleIf!.anyOf.includes(o.id)} onChange={(e) => {
                  const anyOf = e.currentTarget.checked ? [...question.visibleIf!.anyOf, o.id] : question.visibleIf!.anyOf.filter((x) => x !== o.id);
                  upd('visibleIf', { question: condition.id, anyOf });
                }} /> {o.id}: {o.label.nl}
              </label>
            ))}
          </fieldset>
        )}
      </fieldset>
      <TextPair name="advice" label={t('editor.field.adviceQuestion')} value={question.advice} optional long faults={faults} onChange={(v) => upd('advice', v)} />
      <fieldset>
        <legend>{t('editor.field.instruments')}</legend>
        <FaultList field="instruments" faults={faults} />
        <div class="instrument-list">
          {catalogue.instruments.map((ins) => (
            <label class="checkbox" key={ins.id}>
              <input type="checkbox" checked={instruments.includes(ins.id)} onChange={(e) => {
                const next = e.currentTarget.checked ? [...instruments, ins.id] : instruments.filter((x) => x !== ins.id);
                upd('instruments', next.length ? next : undefined);
              }} /> {tc(ins.name)}
            </label>
          ))}
        </div>
      </fieldset>
      <FaultList field="options" faults={faults} />
    </>
  );
}

function OptionForm({ option, question, faults, set }: { option: Option; question: Question; faults: PlacedFault[]; set: (o: Option) => void }) {
  const upd = (key: string, v: unknown) => set(setProp(option as unknown as Obj, key, v) as unknown as Option);
  return (
    <>
      <IdField value={option.id} faults={faults} onChange={(v) => upd('id', v)} />
      <TextPair name="label" label={t('editor.field.label')} value={option.label} faults={faults} onChange={(v) => upd('label', v)} />
      <Field field="score" label={t('editor.field.score')} faults={faults}>
        <input id={fieldDomId('score')} type="number" min={0} max={1} step="any" value={option.score ?? ''} aria-invalid={invalid('score', faults)} aria-describedby={describedBy('score', faults)}
          onInput={(e) => upd('score', numberOrUndefined(e.currentTarget.value))} />
      </Field>
      <TextPair name="knockout" label={t('editor.field.knockout')} value={option.knockout} optional long faults={faults} onChange={(v) => upd('knockout', v)} />
      <TextPair name="unknownRisk" label={t('editor.field.unknownRisk')} value={option.unknownRisk} optional long faults={faults} onChange={(v) => upd('unknownRisk', v)} />
      {question.type !== 'multi' && <Check field="notApplicable" label={t('editor.field.notApplicable')} checked={!!option.notApplicable} faults={faults} onChange={(v) => upd('notApplicable', v ? true : undefined)} />}
      {question.type === 'multi' && <Check field="exclusive" label={t('editor.field.exclusive')} checked={!!option.exclusive} faults={faults} onChange={(v) => upd('exclusive', v ? true : undefined)} />}
      <TextPair name="advice" label={t('editor.field.adviceOption')} value={option.advice} optional long faults={faults} onChange={(v) => upd('advice', v)} />
    </>
  );
}

/** The node as JSON, for fields the form has no input for (sources, recommendations). */
function AdvancedJson({ value, onApply }: { value: unknown; onApply: (v: unknown) => void }) {
  const [text, setText] = useState(JSON.stringify(value, null, 2));
  const [error, setError] = useMessage();
  useEffect(() => { setText(JSON.stringify(value, null, 2)); setError(null); }, [value]);
  return (
    <details class="advanced-json">
      <summary>{t('editor.advanced')}</summary>
      <label for="ed-json">{t('editor.advanced.label')}</label>
      <textarea id="ed-json" rows={12} spellcheck={false} value={text} aria-describedby={error ? 'ed-json-error' : undefined} onInput={(e) => setText(e.currentTarget.value)} />
      {error && <p id="ed-json-error" class="error" role="alert">{error}</p>}
      <button type="button" class="secondary" onClick={() => {
        try {
          const parsed = JSON.parse(text);
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('object');
          onApply(parsed);
        } catch {
          setError(() => t('editor.advanced.invalid'));
        }
      }}>{t('editor.advanced.apply')}</button>
    </details>
  );
}

export function NodeForm({ doc, node, faults, catalogue, onChange }: Props) {
  const value = nodeAt(doc, node);
  if (!value) return null;
  const mine = faults.filter((f) => f.node.kind === node.kind && JSON.stringify(f.node) === JSON.stringify(node));
  const general = mine.filter((f) => f.field === null);
  const set = (v: unknown) => onChange(replaceNode(doc, node, v));
  let form;
  if (node.kind === 'top') form = <TopForm doc={doc} faults={mine} catalogue={catalogue} set={set} />;
  else if (node.kind === 'section') form = <SectionForm section={value as Section} faults={mine} set={set} />;
  else if (node.kind === 'question') form = <QuestionForm doc={doc} at={node} question={value as Question} faults={mine} catalogue={catalogue} set={set} />;
  else form = <OptionForm option={value as Option} question={doc.sections[node.s].questions[node.q]} faults={mine} set={set} />;
  // The top node's JSON would be the whole document; its sections are edited in the tree.
  const jsonValue = node.kind === 'top' ? { ...doc, sections: undefined } : value;
  return (
    <div class="node-form" id="node-form">
      <h2 tabIndex={-1} id="node-form-heading">{t(`editor.kind.${node.kind}`)}: {(value as { id: string }).id}</h2>
      {general.length > 0 && <ul class="field-faults">{general.map((f) => <li key={f.pointer + f.message}><span aria-hidden="true">⚠ </span>{f.message}</li>)}</ul>}
      {form}
      <AdvancedJson value={jsonValue} onApply={(v) => set(node.kind === 'top' ? { ...(v as Obj), sections: doc.sections } : v)} />
    </div>
  );
}
