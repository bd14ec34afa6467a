import { z } from 'zod';
import { datasets } from '../data/index.js';
import { methodSpecs } from '../methods/specs.js';
import { archSpecs } from '../models/specs.js';
import { llmMeasureSpec, llmModelSpec, llmTaskSpec } from '../data/llm-task-settings.js';
import { llmQuickSpec, llmVariantSpec } from './llm-schema.js';
import { modelSpec, quickSpec, suiteSpec, variantSpec } from './schema.js';

type Registry = Record<string, { description: string; settings: z.ZodType }>;

/** The object schema inside optional/default/nullable wrappers. */
function unwrap(s: z.ZodType): z.ZodType {
  let t = s;
  while (t instanceof z.ZodDefault || t instanceof z.ZodOptional || t instanceof z.ZodNullable) t = t.unwrap() as z.ZodType;
  return t;
}

/** A field that takes its value or a non-empty list of values (a sweep). */
function sweepable(field: z.ZodType): z.ZodType {
  const inner = unwrap(field);
  let s: z.ZodType = z.union([inner, z.array(inner).min(1)]).optional();
  if (field.description ?? inner.description) s = s.describe(field.description ?? inner.description ?? '');
  if (field instanceof z.ZodDefault) s = s.meta({ default: field.def.defaultValue as never });
  return s;
}

/** A method's settings with every field sweepable (non-object schemas are left as they are). */
function sweepableSettings(settings: z.ZodType): z.ZodType {
  const s = unwrap(settings);
  if (!(s instanceof z.ZodObject)) return settings;
  const shape = Object.fromEntries(Object.entries(s.shape as Record<string, z.ZodType>).map(([k, f]) => [k, sweepable(f)]));
  return z.object(shape).strict();
}

/** `z.union` that accepts a list of any length (one member needs no union). */
function anyOf(options: z.ZodType[]): z.ZodType {
  if (options.length === 0) return z.never();
  return options.length === 1 ? options[0] : z.union(options as [z.ZodType, z.ZodType, ...z.ZodType[]]);
}

/** Shared variant fields other than method and settings. */
const variantFields = () => {
  const base = variantSpec.shape;
  return { name: base.name, zip: base.zip, ablate: base.ablate, default: base.default };
};

/** One variant shape per registered method, plus one sensitivity shape per method, plus `extra` shapes. */
function variantUnion(extra: z.ZodType[] = []): z.ZodType {
  const reg = methodSpecs as Registry;
  const direct = Object.entries(reg).map(([name, m]) =>
    z
      .object({ ...variantFields(), method: z.literal(name).describe(m.description), settings: sweepableSettings(m.settings).optional() })
      .strict(),
  );
  const sensitivity = z
    .object({
      name: variantSpec.shape.name,
      sensitivity: anyOf(
        Object.entries(reg).map(([name, m]) =>
          z
            .object({
              method: z.literal(name).describe(m.description),
              settings: sweepableSettings(m.settings).optional(),
              layers: z
                .union([z.literal('all'), z.array(z.string())])
                .optional()
                .describe("'all' or a list of layer names"),
            })
            .strict(),
        ),
      ),
    })
    .strict();
  return anyOf([...direct, sensitivity, ...extra]);
}

/** `dataset`: one shape per data source, `source` plus that source's settings. */
function datasetUnion(): z.ZodType {
  return anyOf(
    Object.entries(datasets as Registry).map(([name, d]) => {
      const s = unwrap(d.settings);
      const source = z.literal(name).describe(d.description);
      return s instanceof z.ZodObject ? s.extend({ source }).strict() : z.object({ source }).catchall(z.unknown());
    }),
  );
}

/** `model`: one shape per architecture, or a `path` to load. */
function modelUnion(): z.ZodType {
  const train = modelSpec.shape.train;
  const trained = Object.entries(archSpecs as Registry).map(([name, a]) =>
    z.object({ arch: z.literal(name).describe(a.description), settings: a.settings.optional(), train }).strict(),
  );
  const loaded = z.object({ path: z.string().describe('a tfjs model.json (or its folder) to load instead of training'), train }).strict();
  return anyOf([...trained, loaded, ...llmModelSpec.options]);
}

/**
 * The suite format for editors: the suite schema with dataset, model and variants spelled out per
 * registered data source, architecture and method (each method setting taking a value or a list).
 * LLM suites (with `tasks`, no `dataset`) are described by the same schema: their model, variant
 * and quick shapes are members of the unions, and `tasks` / `llm` are optional fields.
 */
export function editorSchema(): z.ZodType {
  return suiteSpec.extend({
    dataset: datasetUnion().optional().describe('the data of a tfjs suite (LLM suites have tasks instead)'),
    model: modelUnion(),
    variants: z.array(variantUnion([llmVariantSpec])).optional(),
    tasks: z.array(llmTaskSpec).optional().describe('LLM suites: prompted tasks'),
    llm: llmMeasureSpec.optional().describe('LLM suites: perplexity, KL, context and speed settings'),
    quick: z.union([quickSpec, llmQuickSpec]).optional(),
  });
}

/** JSON Schema of suite files (draft 2020-12), written by `slimbench schema`. */
export function suiteJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(editorSchema(), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'slimbench suite', description: 'A slimbench benchmark suite (see suites/README.md).' };
}
