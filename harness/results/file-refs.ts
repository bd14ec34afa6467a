/** Relative paths of every `{file, sha256}` value anywhere inside `value` (files stored beside a record). */
export function fileRefsIn(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(fileRefsIn);
  const file = (value as { file?: unknown; sha256?: unknown }).file;
  if ('sha256' in value && typeof file === 'string') return [file];
  return Object.values(value).flatMap(fileRefsIn);
}
