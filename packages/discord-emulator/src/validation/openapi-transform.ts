type Json = unknown;
type JsonObject = { [key: string]: Json };

const isObject = (value: Json): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Rewrites Discord's `oneOf` unions so Ajv reports errors from the one branch that applies, not from all seven.
 * Discord discriminates components, options and callbacks by an integer `type`; Ajv's `discriminator` keyword only
 * supports string tags, so each union becomes `if type == n then Branch_n`. Nullable unions (`[null, X]`) become
 * `if null else X`. The returned schemas accept exactly what the originals accept.
 */
export function sharpenUnions(schemas: JsonObject): JsonObject {
  const resolve = (node: Json): JsonObject | undefined => {
    if (!isObject(node)) return undefined;
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    const name = ref.replace('#/components/schemas/', '');
    return resolve(schemas[name]);
  };
  const tagsOf = (node: Json): number[] | undefined => {
    const schema = resolve(node);
    const type = schema && isObject(schema.properties) ? schema.properties.type : undefined;
    if (!isObject(type)) return undefined;
    if (typeof type.const === 'number') return [type.const];
    if (Array.isArray(type.enum) && type.enum.every((v): v is number => typeof v === 'number')) return type.enum;
    return undefined;
  };
  const rewriteUnion = (branches: Json[]): JsonObject | undefined => {
    const nonNull = branches.filter((b) => !(isObject(b) && b.type === 'null' && Object.keys(b).length === 1));
    if (nonNull.length === 1 && branches.length === 2) return { if: { type: 'null' }, else: nonNull[0] };
    const tags = nonNull.map(tagsOf);
    if (nonNull.length < 2 || tags.some((t) => t === undefined)) return undefined;
    const all = tags.flatMap((t) => t ?? []);
    if (new Set(all).size !== all.length) return undefined;
    const discriminated = {
      allOf: [
        { type: 'object', required: ['type'], properties: { type: { enum: all } } },
        ...nonNull.map((branch, i) => ({
          if: { type: 'object', required: ['type'], properties: { type: { enum: tags[i] } } },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword; this object is never awaited.
          then: branch,
        })),
      ],
    };
    return nonNull.length === branches.length ? discriminated : { if: { type: 'null' }, else: discriminated };
  };
  const walk = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) out[key] = walk(value);
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const branches = out[keyword];
      if (!Array.isArray(branches)) continue;
      const rewritten = rewriteUnion(branches);
      if (!rewritten) continue;
      delete out[keyword];
      delete out['x-discord-union'];
      // `allOf` may already exist on the node; nest so neither is lost.
      out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), rewritten];
    }
    return out;
  };
  const result: JsonObject = {};
  for (const [name, schema] of Object.entries(schemas)) result[name] = walk(schema);
  return result;
}
