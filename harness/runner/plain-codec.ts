/**
 * JSON that keeps typed arrays: `encodePlain` turns every typed array into
 * `{ $typed: 'Int32Array', base64 }` and `decodePlain` turns it back. Used for cached seed
 * contexts, which hold plain data and typed arrays only.
 */

const TYPED = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
} as const;
type TypedName = keyof typeof TYPED;

interface TypedBox {
  $typed: TypedName;
  base64: string;
}

function typedName(v: unknown): TypedName | undefined {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return undefined;
  const name = v.constructor.name as TypedName;
  return name in TYPED ? name : undefined;
}

/** A JSON-safe copy of `value` with typed arrays boxed. */
export function encodePlain(value: unknown): unknown {
  const name = typedName(value);
  if (name) {
    const a = value as ArrayBufferView;
    return { $typed: name, base64: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64') } satisfies TypedBox;
  }
  if (Array.isArray(value)) return value.map(encodePlain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, encodePlain(v)]));
  }
  return value;
}

/** The inverse of {@link encodePlain}. */
export function decodePlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodePlain);
  if (value !== null && typeof value === 'object') {
    const box = value as Partial<TypedBox>;
    if (typeof box.$typed === 'string' && typeof box.base64 === 'string' && box.$typed in TYPED) {
      const bytes = Buffer.from(box.base64, 'base64');
      const Ctor = TYPED[box.$typed];
      const copy = new Uint8Array(bytes.length);
      copy.set(bytes);
      return new Ctor(copy.buffer, 0, bytes.length / Ctor.BYTES_PER_ELEMENT);
    }
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, decodePlain(v)]));
  }
  return value;
}

/** JSON with object keys sorted at every depth, so equal values give equal text (for hashing). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(encodePlain(value)));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v as Record<string, unknown>)
        .sort()
        .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
