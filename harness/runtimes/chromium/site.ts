import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PageServer } from './server.js';

/** Which library a page runs. */
export type PageKind = 'tfjs' | 'ort';

const packageDir = (specifier: string): string => dirname(fileURLToPath(import.meta.resolve(specifier)));
/** The compiled harness (`dist/harness/`), whose page modules and their imports the pages load. */
const HARNESS_DIST = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A module that re-exports the page's global `tf` (the UMD bundle) under every name of the
 * `@tensorflow/tfjs` package, so that harness modules importing it run unchanged in the page.
 */
async function tfjsShim(): Promise<string> {
  const names = Object.keys(await import('@tensorflow/tfjs')).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k));
  const lines = names.map((k, i) => `const v${i} = t[${JSON.stringify(k)}];`);
  return `const t = globalThis.tf;\n${lines.join('\n')}\nexport { ${names.map((k, i) => `v${i} as ${k}`).join(', ')} };\nexport default t;\n`;
}

/**
 * tfjs and its wasm backend as classic scripts (global `tf`), and the import map that lets
 * harness modules importing `@tensorflow/tfjs` use them. Both pages have them: the ONNX page
 * runs the calibration probe, a tfjs matmul, as the harness does in Node.
 */
const TFJS_HEAD = `<script src="/lib/tfjs/tf.min.js"></script>
<script src="/lib/tfjs-backend-wasm/tf-backend-wasm.min.js"></script>
<script>
  const threads = Number(new URLSearchParams(location.search).get('threads') || 1);
  tf.wasm.setWasmPaths(location.origin + '/lib/tfjs-backend-wasm/');
  // One thread: the single-threaded SIMD build, the one tfjs runs in Node.
  if (threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else tf.wasm.setThreadsCount(threads);
</script>
<script type="importmap">{"imports": {"@tensorflow/tfjs": "/lib/tfjs-shim.js"}}</script>`;

const page = (title: string, head: string, module: string): string =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">\n${head}\n<script type="module" src="/harness/runtimes/chromium/page/${module}"></script>\n`;

const TFJS_PAGE = page('slimbench tfjs', TFJS_HEAD, 'tfjs-page.js');
const ORT_PAGE = page('slimbench onnxruntime-web', `<script src="/lib/ort/ort.wasm.min.js"></script>\n${TFJS_HEAD}`, 'ort-page.js');

/** Path of the page of each kind. */
export const PAGE_PATH: Record<PageKind, string> = { tfjs: '/page/tfjs.html', ort: '/page/ort.html' };

/**
 * Starts the server of the benchmark site: the two pages, the compiled harness modules they
 * import, and the site's own copies of tfjs, its wasm backend and onnxruntime-web from
 * node_modules (no CDN).
 */
export async function startSite(): Promise<PageServer> {
  const server = await PageServer.start();
  server.document(PAGE_PATH.tfjs, TFJS_PAGE);
  server.document(PAGE_PATH.ort, ORT_PAGE);
  server.document('/lib/tfjs-shim.js', await tfjsShim());
  server.mount('/lib/tfjs/', packageDir('@tensorflow/tfjs'), (f) => f === 'tf.min.js');
  server.mount(
    '/lib/tfjs-backend-wasm/',
    packageDir('@tensorflow/tfjs-backend-wasm'),
    (f) => f === 'tf-backend-wasm.min.js' || /^[\w-]+\.wasm$/.test(f),
  );
  server.mount('/lib/ort/', packageDir('onnxruntime-web'), (f) => f === 'ort.wasm.min.js' || /^ort-wasm[\w.-]*\.(mjs|wasm)$/.test(f));
  server.mount('/harness/', HARNESS_DIST, (f) => f.endsWith('.js'));
  return server;
}
