import { optionField } from './command-options.js';
import { controlValueFor } from './command-text.js';
import { h, setChildren } from './dom.js';

/** Discord puts required options first (and insists commands declare them first anyway). */
function ordered(entry) {
  return [...entry.options].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
}

/**
 * Draws one command's option form in `form`: its name and description, a typed field per option (required ones
 * first), and Send, which it returns. `onCancel` is the ✕.
 */
export function drawCommandForm(form, entry, people, onCancel) {
  const options = ordered(entry);
  const send = h('button', { type: 'submit', class: 'send-button' }, 'Send');
  setChildren(
    form,
    h(
      'div',
      { class: 'command-form-header' },
      h('span', { class: 'command-chip' }, entry.label),
      h('span', { class: 'command-description' }, entry.description),
      h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Cancel command', onclick: onCancel }, '✕'),
    ),
    options.length > 0
      ? h(
          'div',
          { class: 'option-fields' },
          options.map((option) => optionField(option, people)),
        )
      : h('div', { class: 'option-hint' }, 'This command takes no options.'),
    h('div', { class: 'command-form-actions' }, send),
  );
  return send;
}

/**
 * Puts text typed after the command's name into its first required option, as Discord's composer does, and
 * focuses that field. Returns what to tell the person when that option cannot take the text, else ''.
 */
export function fillFirstRequired(form, entry, text, people) {
  const option = ordered(entry).find((o) => o.required);
  if (!option) return `${entry.label} takes no text after its name: set its options below.`;
  const control = form.querySelector(`[data-option="${CSS.escape(option.name)}"].option-control`);
  const value = control ? controlValueFor(option, text, people) : undefined;
  if (value === undefined) return `"${text}" is not a valid ${option.name}: pick it below.`;
  control.value = value;
  // The character counter and any other listener hear of it as of typing.
  control.dispatchEvent(new Event('input', { bubbles: true }));
  control.focus();
  return '';
}
