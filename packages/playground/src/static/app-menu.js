import { h, setChildren } from './dom.js';

/**
 * Discord's right-click menu on a message, reduced to what reaches a bot: "Apps", listing the bot's message
 * commands. `apps()` gives the registered ones for the current guild; `onPick(view, app)` runs one on the message.
 */
export function createAppMenu({ apps, onPick }) {
  const menu = h('div', { class: 'context-menu', role: 'menu', 'aria-label': 'Message actions', hidden: true });
  document.body.append(menu);
  let target;

  const close = () => {
    menu.hidden = true;
    target = undefined;
  };

  const submenu = () =>
    h(
      'div',
      { class: 'context-submenu', role: 'menu', 'aria-label': 'Apps' },
      apps().length === 0
        ? h('div', { class: 'context-empty' }, 'This bot registered no apps.')
        : apps().map((app) =>
            h(
              'button',
              {
                type: 'button',
                role: 'menuitem',
                class: 'context-item',
                onclick: () => {
                  const view = target;
                  close();
                  if (view) onPick(view, app);
                },
              },
              app.name,
            ),
          ),
    );

  const open = (view, event) => {
    event.preventDefault();
    target = view;
    const apps = h('div', { class: 'context-group' });
    const item = h(
      'button',
      {
        type: 'button',
        role: 'menuitem',
        class: 'context-item',
        'aria-haspopup': 'menu',
        onclick: () => setChildren(apps, submenu()),
        onmouseenter: () => setChildren(apps, submenu()),
      },
      'Apps ▸',
    );
    setChildren(menu, item, apps);
    menu.hidden = false;
    // Kept inside the window, as Discord flips its menu near the edges.
    const x = Math.min(event.clientX, window.innerWidth - 240);
    const y = Math.min(event.clientY, window.innerHeight - 200);
    Object.assign(menu.style, { left: `${Math.max(0, x)}px`, top: `${Math.max(0, y)}px` });
    item.focus();
  };

  document.addEventListener('mousedown', (event) => {
    if (!menu.hidden && !menu.contains(event.target)) close();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !menu.hidden) close();
  });
  window.addEventListener('blur', close);

  return { open, close };
}
