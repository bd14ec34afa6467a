import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Bytes of a file as stored and as a browser downloads it: gzip -9 and brotli (quality 11). */
export function downloadSizes(bytes: Uint8Array): { bytes: number; gzipBytes: number; brotliBytes: number } {
  return {
    bytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    brotliBytes: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}
