#!/usr/bin/env node
// Writes a tiny random-weight llama GGUF (2 blocks, width 64, character vocabulary) for tests.
// Usage: npm run build && node scripts/make-tiny-gguf.mjs [out.gguf] [seed] [F32|F16]
import { writeTinyGguf } from '../dist/harness/runtimes/tiny-gguf.js';

const [out = 'tiny-llama.gguf', seed = '1', type = 'F32'] = process.argv.slice(2);
if (type !== 'F32' && type !== 'F16') {
  console.error(`type must be F32 or F16, got ${type}`);
  process.exit(2);
}
const bytes = writeTinyGguf(out, Number(seed), type);
console.log(`${out}: ${bytes} bytes`);
