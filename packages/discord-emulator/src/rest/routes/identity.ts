import type { EmulatorContext } from '../../context.js';
import { apiChannel, apiMember, apiUser } from '../../wire.js';
import { Errors } from '../errors.js';
import type { RouteDefinition } from '../router.js';

function gatewayUrl(ctx: EmulatorContext): string {
  return `${ctx.baseUrl().replace(/^http/, 'ws')}/gateway`;
}

/** Login needs only GET /gateway/bot; the rest are cheap lookups bots commonly make. */
export const identityRoutes: readonly RouteDefinition[] = [
  {
    method: 'GET',
    pattern: '/gateway',
    auth: false,
    handler: (ctx) => ({ status: 200, body: { url: gatewayUrl(ctx) } }),
  },
  {
    method: 'GET',
    pattern: '/gateway/bot',
    auth: true,
    handler: (ctx) => ({
      status: 200,
      body: {
        url: gatewayUrl(ctx),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      },
    }),
  },
  {
    method: 'GET',
    pattern: '/users/@me',
    auth: true,
    handler: (ctx) => ({
      status: 200,
      body: { ...apiUser(ctx.world.bot), bot: true, verified: true, mfa_enabled: false },
    }),
  },
  {
    method: 'GET',
    pattern: '/applications/@me',
    auth: true,
    handler: (ctx) => ({
      status: 200,
      body: {
        id: ctx.config.applicationId,
        name: ctx.world.bot.username,
        icon: null,
        description: '',
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: 0,
        bot: apiUser(ctx.world.bot),
      },
    }),
  },
  {
    method: 'GET',
    pattern: '/channels/:channel',
    auth: true,
    handler: (ctx, req) => {
      const channel = ctx.world.channels.get(req.params.channel ?? '');
      if (!channel) throw Errors.unknownChannel();
      return { status: 200, body: apiChannel(channel) };
    },
  },
  {
    method: 'GET',
    pattern: '/guilds/:guild/members/:user',
    auth: true,
    handler: (ctx, req) => {
      const guild = ctx.world.guilds.get(req.params.guild ?? '');
      if (!guild) throw Errors.unknownGuild();
      if (!guild.members.has(req.params.user ?? '')) throw Errors.unknownMember();
      return { status: 200, body: apiMember(ctx.world, guild, req.params.user ?? '') };
    },
  },
];
