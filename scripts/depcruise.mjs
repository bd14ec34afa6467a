#!/usr/bin/env node
/**
 * Runs dependency-cruiser through its API with the project's `.dependency-cruiser.cjs`:
 * `node scripts/depcruise.mjs [--config FILE] [PATH...]` (default paths: harness test).
 * The package's own CLI refuses Node 20, the project's minimum; its API runs there.
 * Exits 1 with one line per violation (rule name, from → to) when a rule is broken.
 */
import { resolve } from 'node:path';
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const args = process.argv.slice(2);
const configAt = args.indexOf('--config');
const configFile = configAt >= 0 ? args[configAt + 1] : '.dependency-cruiser.cjs';
const paths = args.filter((arg, i) => i !== configAt && i !== configAt + 1);
const options = await extractDepcruiseOptions(resolve(configFile));
const tsConfigFile = options.ruleSet?.options?.tsConfig?.fileName;
const tsConfig = tsConfigFile ? extractTSConfig(tsConfigFile) : undefined;
const cruised = await cruise(paths.length > 0 ? paths : ['harness', 'test'], { ...options, validate: true }, {}, { tsConfig });
const report = await format(cruised.output, { outputType: 'err' });
process.stdout.write(report.output);
process.exitCode = report.exitCode === 0 ? 0 : 1;
