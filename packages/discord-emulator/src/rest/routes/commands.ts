import type { APIApplicationCommand } from 'discord-api-types/v10';
import type { EmulatorContext } from '../../context.js';
import { checkCommandLimits } from '../../validation/command-limits.js';
import { type Obj, objOf, stringOf } from '../../validation/shape.js';
import { rejectAsViolation } from '../../validation/validate.js';
import { Errors, type FieldError } from '../errors.js';
import type { RestRequest, RestResponse, RouteDefinition } from '../router.js';

function scopeOf(ctx: EmulatorContext, req: RestRequest): string | null {
  if (req.params.application !== ctx.config.applicationId) throw Errors.unknownApplication();
  const guildId = req.params.guild ?? null;
  if (guildId !== null && !ctx.world.guilds.has(guildId)) throw Errors.unknownGuild();
  return guildId;
}

/**
 * discord.js (and Discord's docs) send `default_member_permissions` as a string bitfield; the OpenAPI document types
 * it as an integer. Check it as a bitfield here and hide it from the schema check.
 */
function forSchema(item: Obj, index: number, errors: FieldError[]): Obj {
  const value = item.default_member_permissions;
  if (typeof value !== 'string') return item;
  if (!/^\d{1,20}$/.test(value)) {
    errors.push({
      path: [index, 'default_member_permissions'],
      code: 'BASE_TYPE_BAD_TYPE',
      message: 'Must be a permission bitfield string.',
    });
  }
  const { default_member_permissions: _ignored, ...rest } = item;
  return rest;
}

function validateCommands(ctx: EmulatorContext, req: RestRequest, items: readonly unknown[]): void {
  const errors: FieldError[] = [...checkCommandLimits(items)];
  items.forEach((item, index) => {
    const schemaErrors = ctx.schemas.validate(
      'ApplicationCommandUpdateRequest',
      forSchema(objOf(item) ?? {}, index, errors),
    );
    for (const e of schemaErrors) errors.push({ ...e, path: [index, ...e.path] });
  });
  if (errors.length > 0) throw rejectAsViolation(ctx, req.method, req.route, errors, 'openapi');
}

function toCommand(
  ctx: EmulatorContext,
  item: Obj,
  guildId: string | null,
  previous: readonly APIApplicationCommand[],
): APIApplicationCommand {
  const type = Number(item.type ?? 1);
  const chatInput = type === 1;
  const name = stringOf(item.name) ?? '';
  const existing = previous.find((c) => c.name === name && (c.type ?? 1) === type);
  const permissions = item.default_member_permissions;
  return {
    id: existing?.id ?? ctx.mint.next(),
    application_id: ctx.config.applicationId,
    ...(guildId ? { guild_id: guildId } : {}),
    version: ctx.mint.next(),
    type,
    name,
    name_localizations: (item.name_localizations ?? null) as APIApplicationCommand['name_localizations'],
    // Context-menu commands come back with an empty description and no options, as Discord stores them.
    description: chatInput ? (stringOf(item.description) ?? '') : '',
    description_localizations: (item.description_localizations ??
      null) as APIApplicationCommand['description_localizations'],
    ...(chatInput ? { options: (item.options ?? []) as APIApplicationCommand['options'] } : {}),
    default_member_permissions: permissions === undefined || permissions === null ? null : String(permissions),
    nsfw: item.nsfw === true,
    contexts: (item.contexts ?? (guildId ? null : [0, 1, 2])) as APIApplicationCommand['contexts'],
    integration_types: (item.integration_types ?? [0]) as APIApplicationCommand['integration_types'],
  } as APIApplicationCommand;
}

async function bulkOverwrite(ctx: EmulatorContext, req: RestRequest): Promise<RestResponse> {
  const guildId = scopeOf(ctx, req);
  const { json } = await req.payload();
  if (!Array.isArray(json)) {
    throw rejectAsViolation(ctx, req.method, req.route, [
      { path: [], code: 'BASE_TYPE_BAD_TYPE', message: 'Must be an array of commands.' },
    ]);
  }
  validateCommands(ctx, req, json);
  const previous = ctx.commands.list(guildId);
  const commands = json.map((item) => toCommand(ctx, objOf(item) ?? {}, guildId, previous));
  ctx.commands.replace(guildId, commands);
  return { status: 200, body: commands };
}

async function createOne(ctx: EmulatorContext, req: RestRequest): Promise<RestResponse> {
  const guildId = scopeOf(ctx, req);
  const { json } = await req.payload();
  validateCommands(ctx, req, [json]);
  const previous = ctx.commands.list(guildId);
  const command = toCommand(ctx, objOf(json) ?? {}, guildId, previous);
  const created = !previous.some((c) => c.id === command.id);
  ctx.commands.replace(guildId, [...previous.filter((c) => c.id !== command.id), command]);
  return { status: created ? 201 : 200, body: command };
}

function findOne(ctx: EmulatorContext, req: RestRequest): { guildId: string | null; command: APIApplicationCommand } {
  const guildId = scopeOf(ctx, req);
  const command = ctx.commands.list(guildId).find((c) => c.id === req.params.command);
  if (!command) throw Errors.unknownCommand();
  return { guildId, command };
}

function routesFor(base: string): RouteDefinition[] {
  return [
    {
      method: 'GET',
      pattern: base,
      auth: true,
      name: 'commands-list',
      handler: (ctx, req) => ({ status: 200, body: ctx.commands.list(scopeOf(ctx, req)) }),
    },
    { method: 'PUT', pattern: base, auth: true, name: 'commands-put', handler: bulkOverwrite },
    { method: 'POST', pattern: base, auth: true, name: 'command-create', handler: createOne },
    {
      method: 'GET',
      pattern: `${base}/:command`,
      auth: true,
      name: 'command-get',
      handler: (ctx, req) => ({ status: 200, body: findOne(ctx, req).command }),
    },
    {
      method: 'PATCH',
      pattern: `${base}/:command`,
      auth: true,
      name: 'command-edit',
      handler: async (ctx, req) => {
        const { guildId, command } = findOne(ctx, req);
        const { json } = await req.payload();
        const merged = { ...command, ...(objOf(json) ?? {}) };
        validateCommands(ctx, req, [merged]);
        const updated = toCommand(ctx, merged, guildId, [command]);
        ctx.commands.replace(
          guildId,
          ctx.commands.list(guildId).map((c) => (c.id === command.id ? updated : c)),
        );
        return { status: 200, body: updated };
      },
    },
    {
      method: 'DELETE',
      pattern: `${base}/:command`,
      auth: true,
      name: 'command-delete',
      handler: (ctx, req) => {
        const { guildId, command } = findOne(ctx, req);
        ctx.commands.replace(
          guildId,
          ctx.commands.list(guildId).filter((c) => c.id !== command.id),
        );
        return { status: 204 };
      },
    },
  ];
}

export const commandRoutes: readonly RouteDefinition[] = [
  ...routesFor('/applications/:application/commands'),
  ...routesFor('/applications/:application/guilds/:guild/commands'),
];
