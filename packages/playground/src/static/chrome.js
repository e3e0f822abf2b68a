import { avatar, h, setChildren } from './dom.js';

/**
 * The frame around the chat, as Discord draws it: the server rail, the channel list (unread ones bold), the
 * signed-in user with the switcher, and the channel's header and intro. Reads the page's `state`; `guild()` and
 * `channel()` are the selected ones, `selectChannel(guildId, channelId)` moves there, `toolsToggle()` makes the
 * header's button for the tester panel.
 */
export function createChrome(el, { state, guild, channel, selectChannel, toolsToggle }) {
  const renderRail = () => {
    setChildren(
      el.rail,
      ...state.world.guilds.map((g) =>
        h(
          'button',
          {
            type: 'button',
            class: g.id === state.guildId ? 'guild-icon active' : 'guild-icon',
            title: g.name,
            'aria-label': g.name,
            onclick: () => selectChannel(g.id, undefined),
          },
          g.name
            .split(/\s+/)
            .map((word) => word[0])
            .join('')
            .slice(0, 3),
        ),
      ),
    );
  };

  const renderChannels = () => {
    const g = guild();
    el.guildName.textContent = g?.name ?? 'No server';
    setChildren(
      el.channels,
      h('div', { class: 'channel-group' }, 'Text channels'),
      ...(g?.channels ?? []).map((c) =>
        h(
          'button',
          {
            type: 'button',
            class: [
              'channel',
              c.id === state.channelId ? 'active' : '',
              c.nsfw ? 'nsfw' : '',
              state.unread.has(c.id) ? 'unread' : '',
            ].join(' '),
            'aria-current': c.id === state.channelId ? 'page' : undefined,
            'aria-label': c.nsfw ? `${c.name} (age-restricted)` : c.name,
            title: c.nsfw ? 'Age-restricted channel' : (c.topic ?? c.name),
            'data-channel': c.name,
            onclick: () => selectChannel(state.guildId, c.id),
          },
          h('span', { class: 'channel-hash', 'aria-hidden': 'true' }, '#'),
          h('span', { class: 'channel-name' }, c.name),
          c.nsfw ? h('span', { class: 'nsfw-badge', 'aria-hidden': 'true' }, '18+') : null,
        ),
      ),
    );
  };

  const renderUser = () => {
    const people = state.world.users.filter((u) => !u.bot);
    const rolesOf = (userId) =>
      (guild()?.members.find((m) => m.userId === userId)?.roleIds ?? [])
        .map((id) => guild()?.roles.find((r) => r.id === id)?.name)
        .filter(Boolean);
    setChildren(
      el.userSelect,
      ...people.map((u) => {
        const roles = rolesOf(u.id);
        const owner = guild()?.ownerId === u.id ? ['Owner'] : [];
        const tags = [...owner, ...roles];
        return h(
          'option',
          { value: u.id, selected: u.id === state.viewerId, 'data-key': u.key, title: `@${u.username}` },
          `${u.displayName}${tags.length > 0 ? ` · ${tags.join(', ')}` : ''}`,
        );
      }),
    );
    const me = people.find((u) => u.id === state.viewerId);
    setChildren(el.userAvatar, avatar(state.viewerId, me?.displayName ?? '?'));
  };

  const renderHeader = () => {
    const c = channel();
    const dot = h('span', {
      class: state.connected ? 'live on' : 'live',
      title: state.connected ? 'Live' : 'Reconnecting…',
    });
    setChildren(
      el.header,
      h('span', { class: 'channel-hash', 'aria-hidden': 'true' }, '#'),
      h('h1', { class: 'channel-title' }, c?.name ?? ''),
      c?.nsfw ? h('span', { class: 'nsfw-badge' }, 'Age-restricted') : null,
      c?.topic ? h('span', { class: 'channel-topic' }, c.topic) : null,
      h('span', { class: 'spacer' }),
      dot,
      h('span', { class: 'live-label' }, state.connected ? 'live' : 'reconnecting…'),
      toolsToggle(),
    );
    setChildren(
      el.intro,
      h('div', { class: 'intro-icon', 'aria-hidden': 'true' }, '#'),
      h('h2', {}, `Welcome to #${c?.name ?? ''}!`),
      h(
        'p',
        {},
        `This is the start of #${c?.name ?? ''}. Type / in the message bar to run one of ${state.world.bot.displayName}'s commands.`,
      ),
    );
  };

  return { renderRail, renderChannels, renderUser, renderHeader };
}
