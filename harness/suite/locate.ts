import { isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { closest } from '../errors.js';

/** A path into a YAML document, as zod reports it. */
export type YamlPath = readonly PropertyKey[];

/** Maps paths of a parsed YAML document to `file:line:col`. */
export class Locator {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** `file:line:col` of the node at `path`, or of its deepest existing ancestor. */
  at(path: YamlPath, key = false): string {
    const node = this.find(path, key);
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    return `${this.file}:${line}:${col}`;
  }

  private find(path: YamlPath, key: boolean): Node | undefined {
    let node: unknown = this.doc.contents;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
        if (!pair) return node as Node;
        if (key && i === path.length - 1) return pair.key as Node;
        node = pair.value ?? pair.key;
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg]) {
        node = node.items[seg];
      } else {
        return node as Node;
      }
    }
    return node as Node;
  }
}

/**
 * One `file:line:col message` line per zod issue, with `prefix` prepended to each issue path.
 * `schema` (the schema that produced the error) lets unknown keys suggest the closest valid key.
 */
export function zodIssues(loc: Locator, error: z.ZodError, prefix: YamlPath = [], schema?: z.ZodType): string[] {
  return error.issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const valid = schema ? keysAt(schema, issue.path) : [];
      return issue.keys.map((k) => {
        const hint = closest(k, valid);
        const fix = hint ? `did you mean '${hint}'?` : valid.length ? `valid keys: ${valid.join(', ')}` : 'remove it';
        return `${loc.at([...path, k], true)} ${describePath(path)}unknown key '${k}'; ${fix}`;
      });
    }
    return [`${loc.at(path)} ${describePath(path)}${issue.message}`];
  });
}

/** Keys of the object schema found at `path` inside `schema` (empty when it is not an object). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: z.ZodType | undefined = unwrap(schema);
  for (const seg of path) {
    if (!s) return [];
    if (s instanceof z.ZodObject) s = Object.hasOwn(s.shape, seg) ? unwrap(s.shape[seg as string] as z.ZodType | undefined) : undefined;
    else if (s instanceof z.ZodArray) s = unwrap(s.element as z.ZodType);
    else if (s instanceof z.ZodRecord) s = unwrap(s.valueType as z.ZodType);
    else return [];
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  while (s && (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable)) s = s.unwrap() as z.ZodType;
  return s;
}

function describePath(path: YamlPath): string {
  if (path.length === 0) return '';
  return `${path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '')}: `;
}
