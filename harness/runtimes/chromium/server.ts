import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.onnx': 'application/octet-stream',
};

/**
 * Cross-origin isolation: `performance.now()` then ticks in 5 µs steps instead of 100 µs (a
 * batch call takes about a millisecond), and multi-threaded wasm gets SharedArrayBuffer.
 */
const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
};

/** Files served under one URL prefix: a folder, narrowed to names that `allow` accepts. */
interface Mount {
  dir: string;
  allow: (name: string) => boolean;
}

/**
 * A local HTTP server on 127.0.0.1 (ephemeral port) for the benchmark pages: generated
 * documents at fixed paths, and folders mounted under prefixes (nothing outside a mounted
 * folder, no listings). Every response carries the cross-origin isolation headers.
 */
export class PageServer {
  readonly origin: string;
  private readonly docs = new Map<string, { body: string; type: string }>();
  private readonly mounts = new Map<string, Mount>();

  private constructor(private readonly server: Server) {
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. */
  static async start(): Promise<PageServer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    // The browser's connection is what keeps a process alive while pages are in use; the server never should.
    server.unref();
    const s = new PageServer(server);
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', s.origin);
      void s.body(url.pathname).then(
        (found) => {
          if (!found) return res.writeHead(404).end();
          res.writeHead(200, { 'content-type': found.type, 'cache-control': 'no-store', ...ISOLATION }).end(found.body);
        },
        () => res.writeHead(500).end(),
      );
    });
    return s;
  }

  /** Serves `body` at `path` (e.g. `/page/tfjs.html`). */
  document(path: string, body: string, type = TYPES[extname(path)] ?? 'text/plain'): void {
    this.docs.set(path, { body, type });
  }

  /** Serves the files of `dir` that `allow` accepts (by path relative to `dir`) under `prefix` (`/x/`); prefixes must not nest. */
  mount(prefix: string, dir: string, allow: (name: string) => boolean = () => true): void {
    this.mounts.set(prefix, { dir: normalize(dir).replace(/[\\/]+$/, ''), allow });
  }

  unmount(prefix: string): void {
    this.mounts.delete(prefix);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async body(pathname: string): Promise<{ body: string | Buffer; type: string } | undefined> {
    const doc = this.docs.get(pathname);
    if (doc) return doc;
    const prefix = [...this.mounts.keys()].find((p) => pathname.startsWith(p));
    const mount = prefix === undefined ? undefined : this.mounts.get(prefix);
    if (!mount) return undefined;
    const rel = decodeURIComponent(pathname.slice(prefix!.length));
    const file = normalize(join(mount.dir, rel));
    if (!file.startsWith(mount.dir + sep) || !mount.allow(rel)) return undefined;
    try {
      return { body: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream' };
    } catch {
      return undefined;
    }
  }
}
