import {
  LIMIT_KEYS,
  type LimitKey,
  type LimitOverrides,
  type LimitValues,
  moreGenerous,
  sameLimitValue,
} from './limits.js';

/** Where an effective value came from, so `/limits view` can say why a member gets what they get. */
export type LimitSource =
  | { kind: 'user' }
  | { kind: 'role'; roleIds: readonly string[] }
  | { kind: 'guild' }
  | { kind: 'default' };

export interface ResolvedLimit<K extends LimitKey> {
  value: LimitValues[K];
  source: LimitSource;
}

export type EffectiveLimits = { [K in LimitKey]: ResolvedLimit<K> };

export interface RoleOverrides {
  roleId: string;
  overrides: LimitOverrides;
}

export interface LimitLayers {
  defaults: LimitValues;
  guild?: LimitOverrides;
  /** Overrides of the roles the member holds (roles without any may be left out). */
  roles?: readonly RoleOverrides[];
  user?: LimitOverrides;
}

function resolveOne<K extends LimitKey>(key: K, layers: LimitLayers): ResolvedLimit<K> {
  const own = layers.user?.[key];
  if (own !== undefined) return { value: own, source: { kind: 'user' } };
  // Among roles the most generous wins: a member who holds a "trusted" role next to a "newcomer" one gets the
  // trusted limits. A role still beats the guild setting even when it is stricter; that is what a role override is for.
  const setters = (layers.roles ?? []).flatMap((role) => {
    const value = role.overrides[key];
    return value === undefined ? [] : [{ roleId: role.roleId, value }];
  });
  const first = setters[0];
  if (first) {
    const value = setters.reduce((best, role) => moreGenerous(key, best, role.value), first.value);
    // Models are a union, so every role that allows something counts; elsewhere the roles holding the winning value.
    const roleIds =
      key === 'models'
        ? setters.map((s) => s.roleId)
        : setters.filter((s) => sameLimitValue(key, s.value, value)).map((s) => s.roleId);
    return { value, source: { kind: 'role', roleIds } };
  }
  const guild = layers.guild?.[key];
  if (guild !== undefined) return { value: guild, source: { kind: 'guild' } };
  return { value: layers.defaults[key], source: { kind: 'default' } };
}

/** Per key: user override → the most generous of the member's roles' overrides → guild setting → operator default. */
export function resolveLimits(layers: LimitLayers): EffectiveLimits {
  const entries = LIMIT_KEYS.map((key) => [key, resolveOne(key, layers)] as const);
  return Object.fromEntries(entries) as EffectiveLimits;
}

/** Just the values, for checks that do not care where they came from. */
export function limitValues(limits: EffectiveLimits): LimitValues {
  return Object.fromEntries(LIMIT_KEYS.map((key) => [key, limits[key].value])) as unknown as LimitValues;
}
