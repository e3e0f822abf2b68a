import { charCounter, overLimit } from './char-limit.js';
import { h, setChildren } from './dom.js';
import { renderMarkdown } from './markdown.js';

/** Text input (4), string select (3), label (18), text display (10): what a bot puts in a modal. */
function field(component, labelText, description, ctx) {
  const customId = component.custom_id;
  const name = labelText ?? component.label ?? customId;
  let control;
  let counter = null;
  if (component.type === 4) {
    const attributes = {
      'aria-label': name,
      'data-custom-id': customId,
      // No maxlength, which would cut a long paste silently: the counter shows it and Submit refuses it.
      minlength: component.min_length,
      placeholder: component.placeholder,
      required: component.required !== false,
    };
    control =
      component.style === 2
        ? h('textarea', { ...attributes, rows: 4 }, component.value ?? '')
        : h('input', { ...attributes, type: 'text', value: component.value ?? '' });
    // Discord's limit for a text input when the bot sets none.
    counter = charCounter(control, component.max_length ?? 4000);
  } else if (component.type === 3) {
    control = h(
      'select',
      {
        'aria-label': name,
        'data-custom-id': customId,
        'data-multiple': 'true',
        multiple: (component.max_values ?? 1) > 1,
        required: component.required !== false,
      },
      (component.options ?? []).map((option) =>
        h('option', { value: option.value, selected: option.default === true }, option.label),
      ),
    );
  } else {
    return h(
      'div',
      { class: 'unsupported' },
      `(modal component type ${component.type} is not drawn by the playground)`,
    );
  }
  return h(
    'label',
    { class: 'modal-field' },
    h('span', { class: 'modal-label' }, name, control.required ? h('span', { class: 'required' }, '*') : null),
    description ? h('span', { class: 'option-hint' }, renderMarkdown(description, ctx)) : null,
    control,
    counter,
  );
}

function fields(modal, ctx) {
  return (modal.components ?? []).flatMap((component) => {
    if (component.type === 1)
      return (component.components ?? []).map((child) => field(child, undefined, undefined, ctx));
    if (component.type === 18) return [field(component.component ?? {}, component.label, component.description, ctx)];
    if (component.type === 10) return [h('div', { class: 'v2-text' }, renderMarkdown(component.content ?? '', ctx))];
    return [];
  });
}

function valuesOf(form) {
  const values = {};
  for (const control of form.querySelectorAll('[data-custom-id]')) {
    const id = control.dataset.customId;
    values[id] = control.dataset.multiple ? [...control.selectedOptions].map((option) => option.value) : control.value;
  }
  return values;
}

/**
 * Shows the modal the bot opened, as Discord does: its title, its fields with their limits, Cancel and Submit.
 * `onSubmit(values)` resolves to close it, or rejects with the reason to show. Cancel tells nobody (nor does Discord).
 */
export function openModal(dialog, modal, ctx, onSubmit) {
  const error = h('div', { class: 'modal-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'button style-1' }, 'Submit');
  const form = h(
    'form',
    { class: 'modal-form', 'aria-label': modal.title },
    h(
      'header',
      { class: 'modal-header' },
      h('h2', {}, modal.title),
      h('button', { type: 'button', class: 'icon-button', 'aria-label': 'Close', onclick: () => dialog.close() }, '✕'),
    ),
    h('div', { class: 'modal-body' }, fields(modal, ctx)),
    error,
    h(
      'footer',
      { class: 'modal-footer' },
      h('button', { type: 'button', class: 'link-button', onclick: () => dialog.close() }, 'Cancel'),
      submit,
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const long = [...form.querySelectorAll('[data-max-length]')].find((control) => overLimit(control) > 0);
    if (long) {
      setChildren(error, `${long.getAttribute('aria-label')} is ${overLimit(long)} characters too long: shorten it.`);
      long.focus();
      return;
    }
    submit.disabled = true;
    error.textContent = '';
    try {
      await onSubmit(valuesOf(form));
      dialog.close();
    } catch (failure) {
      setChildren(error, failure.message);
    } finally {
      submit.disabled = false;
    }
  });
  setChildren(dialog, form);
  if (dialog.open) dialog.close();
  dialog.showModal();
  form.querySelector('[data-custom-id]')?.focus();
}
