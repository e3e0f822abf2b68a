import type { EmulatorContext } from '../../context.js';
import { apiChannel, apiMember, apiUser } from '../../wire.js';
import { Errors } from '../errors.js';
import type { RouteDefinition } from '../router.js';

function gatewayUrl(ctx: EmulatorContext): string {
  return `${ctx.baseUrl().replace(/^http/, 'ws')}/gateway`;
}

const DAY_MS = 24 * 60 * 60_000;

/**
 * Discord recommends one shard per 1000 guilds and counts IDENTIFYs against a daily budget; `reset_after` is the time
 * until the oldest IDENTIFY of the window stops counting (discord.js caches this answer for that long, or 5 s if 0).
 */
function gatewayBot(ctx: EmulatorContext) {
  const { config } = ctx;
  const now = ctx.clock.now();
  const used = ctx.gateway.identifiesSince(now - DAY_MS);
  const oldest = ctx.gateway.oldestIdentify();
  return {
    url: gatewayUrl(ctx),
    shards: Math.max(1, Math.ceil(ctx.world.guilds.size / config.guildsPerRecommendedShard)),
    session_start_limit: {
      total: config.sessionStartLimit,
      remaining: Math.max(0, config.sessionStartLimit - used),
      reset_after: oldest === undefined ? 0 : Math.max(0, oldest + DAY_MS - now),
      max_concurrency: config.maxConcurrency,
    },
  };
}

/** Login needs only GET /gateway/bot; the rest are cheap lookups bots commonly make. */
export const identityRoutes: readonly RouteDefinition[] = [
  {
    method: 'GET',
    pattern: '/gateway',
    name: 'gateway',
    auth: false,
    handler: (ctx) => ({ status: 200, body: { url: gatewayUrl(ctx) } }),
  },
  {
    method: 'GET',
    pattern: '/gateway/bot',
    name: 'gateway-bot',
    auth: true,
    handler: (ctx) => ({ status: 200, body: gatewayBot(ctx) }),
  },
  {
    method: 'GET',
    pattern: '/users/@me',
    name: 'users-me',
    auth: true,
    handler: (ctx) => ({
      status: 200,
      body: { ...apiUser(ctx.world.bot), bot: true, verified: true, mfa_enabled: false },
    }),
  },
  {
    method: 'GET',
    pattern: '/applications/@me',
    name: 'applications-me',
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
    name: 'channel-get',
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
    name: 'guild-member-get',
    auth: true,
    handler: (ctx, req) => {
      const guild = ctx.world.guilds.get(req.params.guild ?? '');
      if (!guild) throw Errors.unknownGuild();
      if (!guild.members.has(req.params.user ?? '')) throw Errors.unknownMember();
      return { status: 200, body: apiMember(ctx.world, guild, req.params.user ?? '') };
    },
  },
];
