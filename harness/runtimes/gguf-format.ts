/**
 * Constants of the GGUF v3 container (ggml's docs/gguf.md) and of the ggml tensor types slimbench
 * reads and writes. Little-endian throughout; strings are a u64 byte length then UTF-8 bytes.
 */

/** "GGUF" read as a little-endian u32. */
export const GGUF_MAGIC = 0x46554747;
/** The version slimbench writes (and the only one it reads). */
export const GGUF_VERSION = 3;
/** Tensor data alignment when `general.alignment` is absent. */
export const GGUF_DEFAULT_ALIGNMENT = 32;

/** gguf_type codes of metadata values. */
export const VALUE_TYPE = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const satisfies Record<string, number>;

/** A scalar metadata value type. */
export type ScalarType = Exclude<keyof typeof VALUE_TYPE, 'array'>;

/** One metadata value: a typed scalar or a typed array of scalars. 64-bit integers are bigints. */
export type GgufValue =
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'uint64' | 'int64'; value: bigint }
  | { type: Exclude<ScalarType, 'string' | 'bool' | 'uint64' | 'int64'>; value: number }
  | { type: 'array'; itemType: 'string'; value: string[] }
  | { type: 'array'; itemType: Exclude<ScalarType, 'string' | 'bool' | 'uint64' | 'int64'>; value: number[] };

/** The ggml tensor types slimbench handles: code, elements per block and bytes per block. */
export const TENSOR_TYPES = {
  F32: { code: 0, blockSize: 1, blockBytes: 4 },
  F16: { code: 1, blockSize: 1, blockBytes: 2 },
  Q4_0: { code: 2, blockSize: 32, blockBytes: 18 },
  Q8_0: { code: 8, blockSize: 32, blockBytes: 34 },
} as const satisfies Record<string, { code: number; blockSize: number; blockBytes: number }>;

/** A ggml tensor type name slimbench handles. */
export type TensorType = keyof typeof TENSOR_TYPES;

/** llama.cpp's `general.file_type` (llama_ftype) for a file whose big matrices are of that type. */
export const FILE_TYPE: Record<TensorType, number> = { F32: 0, F16: 1, Q4_0: 2, Q8_0: 7 };

/** One tensor: `dims` in ggml order (fastest-varying first, i.e. `[cols, rows]` of a matrix). */
export interface GgufTensor {
  name: string;
  type: TensorType;
  dims: number[];
  /** The encoded bytes (`tensorBytes(type, dims)` long). */
  data: Uint8Array;
}

/** A whole GGUF file in memory: ordered metadata and tensors. */
export interface GgufFile {
  metadata: Map<string, GgufValue>;
  tensors: GgufTensor[];
}

/** The tensor type of a ggml code, or undefined when slimbench does not handle it. */
export function tensorTypeOf(code: number): TensorType | undefined {
  for (const [name, t] of Object.entries(TENSOR_TYPES)) if (t.code === code) return name as TensorType;
  return undefined;
}

/** Bytes of a tensor of `type` and `dims`; throws when the row length is not a block multiple. */
export function tensorBytes(type: TensorType, dims: readonly number[]): number {
  const { blockSize, blockBytes } = TENSOR_TYPES[type];
  if (dims[0] % blockSize !== 0) throw new Error(`a ${type} tensor needs rows of a multiple of ${blockSize} values; got ${dims[0]}`);
  return (dims.reduce((a, b) => a * b, 1) / blockSize) * blockBytes;
}

/** `n` rounded up to a multiple of `align`. */
export function alignUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}
