/**
 * Names of every runtime a suite may list (`measure.runtimes`), tfjs-free so that the suite
 * schema can check them. The registry in `index.ts` holds the implementations.
 */
export const RUNTIME_NAMES = ['tfjs', 'onnxruntime', 'onnxruntime-web', 'chromium-tfjs', 'chromium-onnxruntime-web'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** The runtimes a suite times on when it lists none. */
export const DEFAULT_RUNTIMES: readonly RuntimeName[] = ['tfjs'];
