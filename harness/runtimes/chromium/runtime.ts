import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { InputError } from '../../errors.js';
import type { PairedTimes, ProtocolSettings } from '../../measure/speed-protocol.js';
import { onnxLoadError, requireFormat } from '../load-errors.js';
import type { ArtifactFormat, Availability, LoadedModel, ModelArtifact, Runtime, RuntimeOptions } from '../types.js';
import { chromiumAvailability } from './browser.js';
import { CREATE_FAILED, type PageLoad, type PagePairedTimes } from './page/api.js';
import { closeWhenIdle, hold, letGo, pageSession, siteServer, type PageSession } from './session.js';
import type { PageKind } from './site.js';

const encode = (values: Float32Array): string => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
const decode = (b64: string): Float32Array => {
  const bytes = Buffer.from(b64, 'base64');
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
};

/** A model held by a benchmark page. */
class PageModel implements LoadedModel {
  private disposed = false;

  constructor(
    readonly runtime: string,
    readonly session: PageSession,
    readonly id: number,
    readonly loadMs: number,
  ) {}

  async predict(rows: Float32Array, batch: number): Promise<Float32Array> {
    if (this.disposed) throw new Error(`${this.runtime}: predict on a disposed model`);
    return decode(await this.session.call<string>('predict', [this.id, encode(rows), batch]));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.session.models.delete(this.id);
    await this.session.call('dispose', [this.id]).catch(() => undefined);
    letGo();
  }
}

/** The files of an artifact the page may fetch: the file itself and, for a model.json, its weight files. */
function artifactFiles(artifact: ModelArtifact): Set<string> {
  const files = new Set([basename(artifact.path)]);
  if (artifact.format === 'tfjs-layers') {
    try {
      const manifest =
        (JSON.parse(readFileSync(artifact.path, 'utf8')) as { weightsManifest?: { paths?: string[] }[] }).weightsManifest ?? [];
      for (const group of manifest) for (const p of group.paths ?? []) files.add(p);
    } catch (e) {
      throw new InputError(
        `${artifact.path}: not a readable tfjs model.json (${(e as Error).message}); pass the model.json of a saved layers model`,
        'artifact-bad-json',
      );
    }
  }
  return files;
}

let mounts = 0;

/** How one library in a page is set up: which page, which artifact format, which backend it honours. */
interface PageRuntimeSpec {
  name: string;
  description: string;
  kind: PageKind;
  format: ArtifactFormat;
  /** The page's backend for these options. */
  backend: (opts: RuntimeOptions) => string;
}

/** A {@link Runtime} whose models load, run and are timed in a page of the shared headless Chromium. */
export function pageRuntime(spec: PageRuntimeSpec): Runtime {
  return {
    description: spec.description,
    formats: [spec.format],
    async availability(): Promise<Availability> {
      const a = await chromiumAvailability();
      closeWhenIdle();
      return a;
    },
    async load(artifact, opts) {
      requireFormat(spec.name, artifact, spec.format);
      if (!existsSync(artifact.path))
        throw new InputError(
          `${artifact.path}: no such file; pass the ${spec.format === 'onnx' ? '.onnx file' : 'model.json'} of a saved model`,
          'artifact-missing',
        );
      const allowed = artifactFiles(artifact);
      const threads = Math.max(1, Math.floor(opts.threads || 1));
      hold();
      const prefix = `/m/${++mounts}/`;
      let server;
      try {
        const availability = await chromiumAvailability();
        if (!availability.available) throw new Error(`${spec.name}: ${availability.hint}`);
        const session = await pageSession(spec.kind, threads, spec.backend(opts));
        server = await siteServer();
        server.mount(prefix, dirname(artifact.path), (f) => allowed.has(f));
        const url = `${server.origin}${prefix}${encodeURIComponent(basename(artifact.path))}`;
        const loadInPage = () =>
          session.call<PageLoad>('load', [url, opts.inputShape]).catch((e: Error) => {
            if (e.message.includes(CREATE_FAILED)) throw onnxLoadError(artifact.path, e);
            throw new Error(`${spec.name}: loading ${artifact.path} failed in the page: ${e.message}`, { cause: e });
          });
        // A fresh page's first load also compiles the library's loading code (several times a
        // warm load); one untimed load first keeps that out of whichever model comes first.
        if (!session.warm) {
          await session.call('dispose', [(await loadInPage()).id]);
          session.warm = true;
        }
        const { id, loadMs } = await loadInPage();
        session.models.add(id);
        return new PageModel(spec.name, session, id, loadMs);
      } catch (e) {
        letGo();
        throw e;
      } finally {
        server?.unmount(prefix);
      }
    },
    async timePair(a, b, rows, batch, protocol: ProtocolSettings, probe?: () => void): Promise<PairedTimes> {
      if (!(a instanceof PageModel) || !(b instanceof PageModel) || a.runtime !== spec.name || b.runtime !== spec.name) {
        throw new Error(`${spec.name}: timePair needs two models loaded by ${spec.name}`);
      }
      if (a.session !== b.session)
        throw new Error(`${spec.name}: timePair needs both models in one page (load them with the same threads and backend)`);
      // The probe must run where the models run: the page times its own copy of the harness's matmul probe.
      const t = await a.session.call<PagePairedTimes>('timePair', [a.id, b.id, encode(rows), batch, protocol, probe !== undefined]);
      return { a: Float64Array.from(t.a), b: Float64Array.from(t.b), ...(t.probe ? { probe: Float64Array.from(t.probe) } : {}) };
    },
  };
}
