/**
 * `npm run bench` (after `slimbench bench-engine`): the harness's own speed and noise targets,
 * measured side by side on this machine and printed as figures, never asserted by tests.
 */
import { benchAaCheck } from './aa-check.js';
import { benchChromium } from './chromium.js';
import { benchMemory } from './memory.js';
import { benchRunner } from './runner.js';
import { benchRuntimes } from './runtimes.js';
import { benchSlowdown } from './slowdown.js';
import { benchSpeedProtocol } from './speed-protocol.js';

const sections: [string, () => Promise<Record<string, number>>][] = [
  ['speed protocol', benchSpeedProtocol],
  ['chromium', benchChromium],
  ['memory', benchMemory],
  ['runner', benchRunner],
  ['A/A regression check', benchAaCheck],
  ['injected 20% slowdown', benchSlowdown],
  ['runtimes', benchRuntimes],
];

const only = process.argv.slice(2);
const results: Record<string, Record<string, number>> = {};
for (const [name, run] of sections) {
  if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
  process.stdout.write(`\n== ${name} ==\n`);
  results[name] = await run();
}
process.stdout.write(`\n${JSON.stringify(results)}\n`);
