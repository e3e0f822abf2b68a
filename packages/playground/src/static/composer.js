import { drawCommandForm, fillFirstRequired } from './command-form.js';
import { availableCommands, commandEntries } from './command-options.js';
import { parseCommandText } from './command-text.js';
import { h, setChildren } from './dom.js';
import { withUploads } from './files.js';
import { readOptions } from './read-options.js';

/**
 * The message bar. Typing "/" lists the commands the bot registered with the emulator (filtered as Discord's client
 * filters them for this member and channel); picking one opens its options as typed fields, the first required one
 * filled with any text typed after the command's name (Enter then sends at once when nothing required is missing,
 * as on Discord). `onSend` receives
 * { name, subcommand?, group?, options } and resolves, or rejects with the reason to show. ➕ attaches files to a
 * plain message, as Discord's upload button does: Enter then posts it (`onPost({ content, files })`), so there is a
 * member's picture to right-click for Apps.
 */
export function createComposer(root, { onSend, onPost }) {
  const popup = h('div', {
    class: 'command-popup',
    id: 'command-popup',
    role: 'listbox',
    'aria-label': 'Commands',
    hidden: true,
  });
  const form = h('form', { class: 'command-form', 'aria-label': 'Command options', novalidate: true, hidden: true });
  const input = h('input', {
    id: 'composer-input',
    class: 'composer-input',
    type: 'text',
    autocomplete: 'off',
    role: 'combobox',
    'aria-controls': 'command-popup',
    'aria-expanded': 'false',
    'aria-label': 'Message',
  });
  const error = h('div', { class: 'composer-error', role: 'alert' });
  /** Files waiting to be posted with the next message. */
  let files = [];
  const chips = h('div', { class: 'composer-files', 'aria-label': 'Files to upload', hidden: true });
  const picker = h('input', {
    type: 'file',
    multiple: true,
    accept: 'image/png,image/jpeg,image/webp,image/*',
    'aria-label': 'File to upload',
    hidden: true,
  });
  const attach = h(
    'button',
    { type: 'button', class: 'attach-button', 'aria-label': 'Upload a file', onclick: () => picker.click() },
    '➕',
  );
  const renderFiles = () => {
    chips.hidden = files.length === 0;
    setChildren(
      chips,
      files.map((file, index) =>
        h(
          'span',
          { class: 'file-chip' },
          `📎 ${file.name}`,
          h(
            'button',
            {
              type: 'button',
              class: 'icon-button',
              'aria-label': `Remove ${file.name}`,
              onclick: () => {
                files = files.filter((_, i) => i !== index);
                renderFiles();
              },
            },
            '✕',
          ),
        ),
      ),
    );
  };
  picker.addEventListener('change', () => {
    files = [...files, ...picker.files].slice(0, 10);
    picker.value = '';
    renderFiles();
    input.focus();
  });
  const bar = h('div', { class: 'composer-bar' }, attach, input, picker);
  setChildren(root, popup, form, chips, bar, error);

  const postMessage = async () => {
    showError('');
    try {
      await onPost({ content: input.value.trim(), files });
      files = [];
      input.value = '';
      renderFiles();
    } catch (failure) {
      showError(failure.message);
    }
  };

  let context;
  let entries = [];
  let highlighted = 0;
  let selected;

  const showError = (message) => {
    setChildren(error, message ?? '');
  };

  const parsed = () => parseCommandText(input.value, entries);
  const matching = () => parsed().matches;

  const hidePopup = () => {
    popup.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };

  const showPopup = () => {
    const list = matching();
    highlighted = Math.min(highlighted, Math.max(0, list.length - 1));
    setChildren(
      popup,
      h('div', { class: 'command-popup-header' }, `Commands of ${context.botName}`),
      list.length === 0
        ? h(
            'div',
            { class: 'command-empty' },
            entries.length === 0
              ? 'The bot has not registered any command here.'
              : `Unknown command: no command matches ${parsed().name}.`,
          )
        : list.map((entry, index) =>
            h(
              'div',
              {
                role: 'option',
                class: 'command-option',
                'aria-selected': index === highlighted ? 'true' : 'false',
                // mousedown, not click: the input must not lose focus (and close the list) first.
                onmousedown: (event) => {
                  event.preventDefault();
                  choose(entry, parsed().rest);
                },
              },
              h('span', { class: 'command-name' }, entry.label),
              h('span', { class: 'command-description' }, entry.description),
            ),
          ),
    );
    popup.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };

  const closeForm = () => {
    selected = undefined;
    form.hidden = true;
    setChildren(form);
    bar.hidden = false;
    input.focus();
  };

  const renderForm = () => {
    const entry = selected;
    const send = drawCommandForm(form, entry, context.people, closeForm);
    form.onsubmit = async (event) => {
      event.preventDefault();
      const read = readOptions(entry.options, form);
      if (read.error) {
        showError(read.error);
        return;
      }
      showError('');
      send.disabled = true;
      try {
        await onSend({
          name: entry.command.name,
          ...(entry.subcommand ? { subcommand: entry.subcommand } : {}),
          ...(entry.group ? { group: entry.group } : {}),
          options: await withUploads(read.values),
        });
        closeForm();
      } catch (failure) {
        showError(failure.message);
      } finally {
        send.disabled = false;
      }
    };
    form.hidden = false;
    bar.hidden = true;
    (form.querySelector('.option-control') ?? send).focus();
  };

  /** Opens the entry's form; `rest` is text typed after its name. With `send`, sends when it is complete. */
  const choose = (entry, rest = '', send = false) => {
    selected = entry;
    input.value = '';
    hidePopup();
    showError('');
    renderForm();
    if (!rest) return;
    const problem = fillFirstRequired(form, entry, rest, context.people);
    if (problem) showError(problem);
    else if (send && !readOptions(entry.options, form).error) form.requestSubmit();
  };

  input.addEventListener('input', () => {
    showError('');
    if (input.value.startsWith('/')) showPopup();
    else hidePopup();
  });
  input.addEventListener('keydown', (event) => {
    // Read even with the list closed (Escape): Enter on "/imagine a cat" still means /imagine.
    const list = input.value.startsWith('/') ? matching() : [];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (list.length === 0) return;
      event.preventDefault();
      highlighted = (highlighted + (event.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length;
      showPopup();
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      if (list[highlighted]) {
        event.preventDefault();
        choose(list[highlighted], parsed().rest, event.key === 'Enter');
      } else if (event.key === 'Enter' && files.length > 0 && !input.value.trim().startsWith('/')) {
        event.preventDefault();
        void postMessage();
      } else if (event.key === 'Enter' && input.value.trim().startsWith('/')) {
        event.preventDefault();
        showError(`Unknown command: no command matches ${parsed().name}.`);
      } else if (event.key === 'Enter' && input.value.trim()) {
        event.preventDefault();
        showError('Only slash commands reach the bot here: type / and pick one.');
      }
    } else if (event.key === 'Escape') {
      hidePopup();
    }
  });
  input.addEventListener('blur', hidePopup);
  form.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeForm();
  });

  return {
    /** Called whenever the channel, the user or the registered commands change. */
    setContext(next) {
      context = next;
      entries = availableCommands(next.guild, next.channel).flatMap(commandEntries);
      // Discord's own placeholder; the channel's intro says to type / for commands (a longer one was cut off).
      input.placeholder = `Message #${next.channel.name}`;
      if (selected) {
        const fresh = entries.find((entry) => entry.label === selected.label);
        if (!fresh) closeForm();
        else if (JSON.stringify(fresh.options) !== JSON.stringify(selected.options)) {
          // The bot registered a new definition: redraw the fields from it.
          selected = fresh;
          renderForm();
        }
      }
      if (!popup.hidden) showPopup();
    },
  };
}
