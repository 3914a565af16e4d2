// The draft's structure: sections → questions → options, each selectable, movable (buttons named after
// the item; focus stays on the moved item), with add and remove (remove asks first).
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Questionnaire } from '../../../../core/types.js';
import { t } from '../../i18n/i18n.js';
import '../../i18n/messages.editor.js';
import { ConfirmDialog, type ConfirmRequest } from '../ConfirmDialog/ConfirmDialog.js';
import { addChild, canMove, move, pointerOf, remove, sameNode, TOP, type NodeRef } from '../../logic/editor/tree.js';

interface Props {
  doc: Questionnaire;
  selected: NodeRef;
  faultCount: (ref: NodeRef) => number;
  onSelect: (ref: NodeRef) => void;
  onChange: (doc: Questionnaire, selected: NodeRef) => void;
}

const label = (id: string, text: { nl?: string } | undefined) => (text?.nl ? `${id}: ${text.nl}` : id);

export function Tree({ doc, selected, faultCount, onSelect, onChange }: Props) {
  const root = useRef<HTMLDivElement>(null);
  const [focus, setFocus] = useState<{ ptr: string; what: string } | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  // A layout effect: focus follows the moved item in the same frame, never a frame late.
  useLayoutEffect(() => {
    if (!focus || !root.current) return;
    const item = root.current.querySelector(`[data-node="${focus.ptr}"]`);
    const button = item?.querySelector<HTMLButtonElement>(`:scope > .tree-row button[data-act="${focus.what}"]:not([disabled])`)
      ?? item?.querySelector<HTMLButtonElement>(':scope > .tree-row button[data-act="select"]');
    button?.focus();
    setFocus(null);
  }, [focus, doc]);

  const doMove = (ref: NodeRef, dir: -1 | 1) => {
    const r = move(doc, ref, dir);
    onChange(r.doc, r.ref);
    setFocus({ ptr: pointerOf(r.ref), what: dir < 0 ? 'up' : 'down' });
  };
  const doAdd = (parent: NodeRef) => {
    const r = addChild(doc, parent);
    if (!r) return;
    onChange(r.doc, r.ref);
    setFocus({ ptr: pointerOf(r.ref), what: 'select' });
  };
  const askRemove = (ref: NodeRef, name: string) => setConfirm({
    text: t('editor.tree.confirmRemove', { name }),
    run: () => {
      const r = remove(doc, ref);
      onChange(r.doc, r.ref);
      setFocus({ ptr: pointerOf(r.ref), what: 'select' });
    },
  });

  const row = (ref: NodeRef, name: string, kindLabel: string, addLabel?: string) => {
    const faults = faultCount(ref);
    const current = sameNode(ref, selected);
    return (
      <div class="tree-row">
        <button type="button" data-act="select" class={`tree-select${current ? ' current' : ''}`} aria-current={current ? 'true' : undefined} onClick={() => onSelect(ref)}>
          <span class="visually-hidden">{kindLabel} </span>{name}
          {faults > 0 && <span class="fault-badge"> ({t('editor.faultCount', { n: faults })})</span>}
        </button>
        {ref.kind !== 'top' && (
          <span class="tree-actions">
            <button type="button" class="icon" data-act="up" disabled={!canMove(doc, ref, -1)} aria-label={t('editor.tree.up', { name })} onClick={() => doMove(ref, -1)}>↑</button>
            <button type="button" class="icon" data-act="down" disabled={!canMove(doc, ref, 1)} aria-label={t('editor.tree.down', { name })} onClick={() => doMove(ref, 1)}>↓</button>
            <button type="button" class="icon" data-act="remove" aria-label={t('editor.tree.remove', { name })} onClick={() => askRemove(ref, name)}>×</button>
          </span>
        )}
        {addLabel && <button type="button" class="link-button" data-act="add" onClick={() => doAdd(ref)}>{addLabel}</button>}
      </div>
    );
  };

  return (
    <div class="editor-tree" ref={root}>
      <ul>
        <li data-node="">
          {row(TOP, label(doc.id, doc.title), t('editor.kind.top'), t('editor.tree.addSection'))}
          <ul>
            {doc.sections.map((section, s) => (
              <li key={`s${s}`} data-node={pointerOf({ kind: 'section', s })}>
                {row({ kind: 'section', s }, label(section.id, section.title), t('editor.kind.section'), t('editor.tree.addQuestion'))}
                <ul>
                  {section.questions.map((question, q) => (
                    <li key={`q${q}`} data-node={pointerOf({ kind: 'question', s, q })}>
                      {row({ kind: 'question', s, q }, label(question.id, question.prompt), t('editor.kind.question'), question.type === 'text' ? undefined : t('editor.tree.addOption'))}
                      {!!question.options?.length && (
                        <ul>
                          {question.options.map((option, o) => (
                            <li key={`o${o}`} data-node={pointerOf({ kind: 'option', s, q, o })}>
                              {row({ kind: 'option', s, q, o }, label(option.id, option.label), t('editor.kind.option'))}
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </li>
      </ul>
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </div>
  );
}
