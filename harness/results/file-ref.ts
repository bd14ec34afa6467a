import { dirname, isAbsolute, resolve } from 'node:path';

/** A stored file: its path relative to the run record's folder, and the sha256 of its bytes. */
export interface FileRef {
  file: string;
  sha256: string;
}

/** True for `{file, sha256}` objects (how records point at content-addressed side files). */
export function isFileRef(v: unknown): v is FileRef {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.file === 'string' && typeof r.sha256 === 'string' && /^[0-9a-f]{64}$/i.test(r.sha256);
}

/** Absolute path of a side file: relative names resolve against the record's folder. */
export function resolveRef(recordPath: string, ref: FileRef): string {
  return isAbsolute(ref.file) ? ref.file : resolve(dirname(recordPath), ref.file);
}

/** Relative paths of every `{file, sha256}` value anywhere inside `value` (files stored beside a record, per-runtime predictions too). */
export function fileRefsIn(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(fileRefsIn);
  // Any object with a sha256 and a file name counts, as the cache always has (not only 64-hex hashes).
  const file = (value as { file?: unknown }).file;
  if ('sha256' in value && typeof file === 'string') return [file];
  return Object.values(value).flatMap(fileRefsIn);
}
