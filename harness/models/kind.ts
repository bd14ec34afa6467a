import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Kinds of model an original can be. */
export const MODEL_KINDS = ['layers', 'graph', 'onnx'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** The file name of an ONNX original inside a cell's artifact folder. */
export const ONNX_FILE = 'model.onnx';

/** The first non-blank byte of a file, or undefined for an empty or unreadable one. */
function firstByte(file: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(64);
    const n = readSync(fd, buf, 0, buf.length, 0);
    for (let i = 0; i < n; i++) if (![0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].includes(buf[i])) return buf[i];
    return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The kind of the model at `path`, from the file: an `.onnx` file, a file of another name that
 * does not start as JSON does (an ONNX protobuf), or a folder holding `model.onnx` and no
 * `model.json` is `onnx`; a model.json (or its folder) is `graph` for `format: 'graph-model'` or
 * a GraphDef topology (`modelTopology.node`), else `layers`. A file that cannot be read or parsed
 * keeps the kind its name gives, and that kind's loader reports the problem.
 */
export function detectModelKind(path: string): ModelKind {
  try {
    const dir = statSync(path).isDirectory();
    if (dir && !existsSync(join(path, 'model.json')) && existsSync(join(path, ONNX_FILE))) return 'onnx';
    const file = dir ? join(path, 'model.json') : path;
    if (!dir && (/\.onnx$/i.test(path) || (!/\.json$/i.test(path) && firstByte(file) !== 0x7b))) return 'onnx';
    const json = JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown; modelTopology?: { node?: unknown } };
    return json.format === 'graph-model' || Array.isArray(json.modelTopology?.node) ? 'graph' : 'layers';
  } catch {
    return /\.onnx$/i.test(path) ? 'onnx' : 'layers';
  }
}
