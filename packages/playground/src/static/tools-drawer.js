import { h } from './dom.js';

/**
 * Below 1,000 px the tester panel leaves the layout (the chat needs the room); this opens it as a drawer over the
 * page instead. `app` carries the open state as a class, so a redraw of the header keeps it.
 */
export function createToolsDrawer(app, panel) {
  const toggles = new Set();
  const isOpen = () => app.classList.contains('tools-open');
  const setOpen = (open) => {
    app.classList.toggle('tools-open', open);
    for (const button of toggles) {
      if (!button.isConnected) toggles.delete(button);
      else button.setAttribute('aria-expanded', String(open));
    }
  };
  const close = h(
    'button',
    {
      type: 'button',
      class: 'icon-button tools-close',
      'aria-label': 'Close tester tools',
      onclick: () => setOpen(false),
    },
    '✕',
  );
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') setOpen(false);
  });
  return {
    /** The header's button that opens and closes the panel; shown only when the panel is out of the layout. */
    toggle() {
      // Added here, not at creation: the panel's own content is drawn after the drawer exists, replacing children.
      if (!close.isConnected) panel.prepend(close);
      const button = h(
        'button',
        {
          type: 'button',
          class: 'tools-toggle',
          'aria-controls': panel.id,
          'aria-expanded': String(isOpen()),
          onclick: () => setOpen(!isOpen()),
        },
        '🧪 Tester tools',
      );
      toggles.add(button);
      return button;
    },
  };
}
