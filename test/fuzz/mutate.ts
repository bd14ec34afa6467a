import fc from 'fast-check';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Keys that collide with Object.prototype, or that look like paths, indices or nothing. */
export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  'length',
  '',
  ' ',
  'a.b',
  '0',
  '-1',
];

/** Strings that break naive parsing, templating, paths or terminals. */
export const HOSTILE_STRINGS = [
  ...HOSTILE_KEYS,
  '\u0000',
  '../../../../etc/passwd',
  '/etc/passwd',
  '/dev/null',
  '.',
  '<script>alert(1)</script>',
  '{{#each x}}',
  '${process.exit(9)}',
  '%s%n',
  '\uFEFF',
  '\uD800',
  '💥',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'null',
  'true',
  '\n\r\t',
  '"\'`',
  'x'.repeat(5000),
];

/** Numbers at the edges: zero signs, huge, tiny, unsafe integers, fractions. */
export const HOSTILE_NUMBERS = [0, -0, -1, 1, 2, 0.5, -0.5, 1e308, -1e308, 1e21, 5e-324, 2 ** 31, 2 ** 53 + 2, 0.1 + 0.2, 123456.789];

const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.boolean(),
  fc.constant(null),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 12 }),
);

/** Any JSON value, biased to the hostile ones. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 6, arbitrary: scalar },
  { weight: 1, arbitrary: fc.constantFrom<Json>([], {}, [[]], [{}]) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...HOSTILE_KEYS, 'name', 'value'), scalar, { maxKeys: 3 }) as fc.Arbitrary<Json> },
);

/** One edit of a JSON tree, applied at the `at`-th node (modulo the node count). */
export type Edit =
  | { op: 'set'; at: number; value: Json }
  | { op: 'delete'; at: number }
  | { op: 'rename'; at: number; key: string }
  | { op: 'insert'; at: number; key: string; value: Json }
  | { op: 'retype'; at: number }
  | { op: 'wrap'; at: number }
  | { op: 'duplicate'; at: number }
  /** Replaces the `at`-th string leaf with a hostile string, or the `at`-th number leaf with an edge number: the type stays, so schema checks pass more often. */
  | { op: 'string'; at: number; value: string }
  | { op: 'number'; at: number; value: number };

const at = fc.nat();
/** Arbitrary edits of a JSON tree. */
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at, value: hostileValue }),
  fc.record({ op: fc.constant('delete' as const), at }),
  fc.record({ op: fc.constant('rename' as const), at, key: fc.constantFrom(...HOSTILE_KEYS) }),
  fc.record({ op: fc.constant('insert' as const), at, key: fc.constantFrom(...HOSTILE_KEYS), value: hostileValue }),
  fc.record({ op: fc.constant('retype' as const), at }),
  fc.record({ op: fc.constant('wrap' as const), at }),
  fc.record({ op: fc.constant('duplicate' as const), at }),
  fc.record({ op: fc.constant('string' as const), at, value: fc.constantFrom(...HOSTILE_STRINGS) }),
  fc.record({ op: fc.constant('string' as const), at, value: fc.constantFrom(...HOSTILE_KEYS) }),
  fc.record({
    op: fc.constant('number' as const),
    at,
    value: fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.integer({ min: -3, max: 3 })),
  }),
);

/** One to `max` edits. */
export const edits = (max = 3): fc.Arbitrary<Edit[]> => fc.array(edit, { minLength: 1, maxLength: max });

type Container = Json[] | { [key: string]: Json };
interface Node {
  parent: Container | undefined;
  key: string | number;
  value: Json;
}

function nodes(root: Json): Node[] {
  const out: Node[] = [{ parent: undefined, key: '', value: root }];
  const walk = (v: Json) => {
    if (v === null || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      out.push({ parent: v, key: Array.isArray(v) ? Number(k) : k, value: child });
      walk(child);
    }
  };
  walk(root);
  return out;
}

/** Sets an own property, also for `__proto__`, as JSON.parse would. */
export function define(obj: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function put(n: Node, value: Json): Json | undefined {
  if (n.parent === undefined) return value;
  if (Array.isArray(n.parent)) n.parent[n.key as number] = value;
  else define(n.parent, n.key as string, value);
  return undefined;
}

function retype(v: Json): Json {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return Number.isFinite(Number(v)) && v.trim() !== '' ? Number(v) : v.length;
  if (typeof v === 'boolean') return v ? 'true' : 0;
  if (v === null) return 'null';
  return JSON.stringify(v);
}

/** A copy of `root` with the edits applied in order. */
export function applyEdits(root: Json, list: Edit[]): Json {
  let doc = structuredClone(root);
  for (const e of list) {
    let all = nodes(doc);
    if (e.op === 'string' || e.op === 'number') {
      const leaves = all.filter((x) => typeof x.value === e.op);
      if (leaves.length === 0) continue;
      all = leaves;
    }
    const n = all[e.at % all.length];
    let replaced: Json | undefined;
    if (e.op === 'set' || e.op === 'string' || e.op === 'number') replaced = put(n, e.value);
    else if (e.op === 'retype') replaced = put(n, retype(n.value));
    else if (e.op === 'wrap') replaced = put(n, [n.value]);
    else if (e.op === 'delete' && n.parent !== undefined) {
      if (Array.isArray(n.parent)) n.parent.splice(n.key as number, 1);
      else delete n.parent[n.key as string];
    } else if (e.op === 'rename' && n.parent !== undefined && !Array.isArray(n.parent)) {
      delete n.parent[n.key as string];
      define(n.parent, e.key, n.value);
    } else if (e.op === 'insert' && n.value !== null && typeof n.value === 'object') {
      if (Array.isArray(n.value)) n.value.push(e.value);
      else define(n.value, e.key, e.value);
    } else if (e.op === 'duplicate' && Array.isArray(n.parent)) n.parent.push(structuredClone(n.value));
    if (replaced !== undefined) doc = replaced;
  }
  return doc;
}

/** Snippets that break YAML or JSON text when spliced in. */
const TEXT_SNIPPETS = [
  '\t',
  ': ',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '#',
  '&a ',
  '*a',
  '<<: *a\n',
  '!!js/function ',
  '---\n',
  '%YAML 1.1\n',
  '? ',
  '\u0000',
  '\uFEFF',
  '\n  ',
  ',',
  '\\',
];

/** A text edit: cut the text at a point, or splice a snippet in. */
export type TextEdit = { op: 'truncate'; at: number } | { op: 'splice'; at: number; text: string };

/** Arbitrary text edits. */
export const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at }),
  fc.record({ op: fc.constant('splice' as const), at, text: fc.oneof(fc.constantFrom(...TEXT_SNIPPETS), fc.string({ maxLength: 6 })) }),
);

/** `text` with the edit applied (positions modulo the length). */
export function applyTextEdit(text: string, e: TextEdit): string {
  const i = e.at % (text.length + 1);
  return e.op === 'truncate' ? text.slice(0, i) : text.slice(0, i) + e.text + text.slice(i);
}
