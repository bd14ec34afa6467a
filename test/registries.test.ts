import { expect } from 'chai';
import { datasets, getDataSource, isDatasetName } from '../harness/data/index.js';
import { getMethod, methods } from '../harness/methods/index.js';
import { getMethodSpec, isMethodName, methodSpecs } from '../harness/methods/specs.js';
import { archs, getArch } from '../harness/models/index.js';
import { archSpecs, getArchSpec, isArchName } from '../harness/models/specs.js';
import type { InputErrorCode } from '../harness/errors.js';
import { inputError } from './helpers/errors.js';

/** Names every plain object inherits (`toString`, `constructor`, `__proto__`, ...). */
const INHERITED = Object.getOwnPropertyNames(Object.prototype);

/** Each registry lookup by a user-given name, with the registry it reads and the error code of a miss. */
const LOOKUPS: {
  name: string;
  lookup: (name: string) => unknown;
  is: (name: string) => boolean;
  registry: object;
  code: InputErrorCode;
}[] = [
  { name: 'getMethod', lookup: (n) => getMethod(n), is: isMethodName, registry: methods, code: 'unknown-method' },
  { name: 'getMethodSpec', lookup: (n) => getMethodSpec(n), is: isMethodName, registry: methodSpecs, code: 'unknown-method' },
  { name: 'getArch', lookup: (n) => getArch(n), is: isArchName, registry: archs, code: 'unknown-arch' },
  { name: 'getArchSpec', lookup: (n) => getArchSpec(n), is: isArchName, registry: archSpecs, code: 'unknown-arch' },
  { name: 'getDataSource', lookup: (n) => getDataSource(n), is: isDatasetName, registry: datasets, code: 'unknown-dataset' },
];

describe('registries: lookups by name', function () {
  it('covers the twelve names Object.prototype defines', () => {
    expect(INHERITED).to.include.members(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']);
    expect(INHERITED).to.have.length(12);
  });

  for (const l of LOOKUPS) {
    it(`${l.name} rejects every inherited name with an InputError listing the valid names`, () => {
      for (const name of INHERITED) {
        const err = inputError(() => l.lookup(name), l.code);
        for (const valid of Object.keys(l.registry)) expect(err.message, name).to.include(valid);
      }
    });

    it(`${l.name} finds every registered name`, () => {
      for (const name of Object.keys(l.registry)) expect(l.lookup(name), name).to.equal((l.registry as Record<string, unknown>)[name]);
    });

    it(`${l.name}'s name check accepts registered names only`, () => {
      expect(Object.keys(l.registry).every(l.is)).to.equal(true);
      expect(INHERITED.filter(l.is)).to.deep.equal([]);
    });
  }

  it('holds the same names in the same order in the spec and the full method registries', () => {
    expect(Object.keys(methodSpecs)).to.deep.equal(Object.keys(methods));
    expect(Object.keys(archSpecs)).to.deep.equal(Object.keys(archs));
  });

  it('gives each method and architecture the description and settings of its spec', () => {
    for (const [name, m] of Object.entries(methods)) {
      const spec = methodSpecs[name as keyof typeof methodSpecs];
      expect(m.description, name).to.equal(spec.description);
      // Built per registry: their nested methods resolve in the registry they sit in.
      if (name !== 'pipeline' && name !== 'from-scratch') expect(m.settings, name).to.equal(spec.settings);
    }
    for (const [name, a] of Object.entries(archs)) expect(a, name).to.deep.include(archSpecs[name as keyof typeof archSpecs]);
  });

  it("rejects a pipeline step named after an inherited property with the step's place", () => {
    for (const spec of [methodSpecs.pipeline, methods.pipeline]) {
      for (const name of INHERITED) {
        const r = spec.settings.safeParse({ steps: [{ method: name }] });
        expect(r.success, name).to.equal(false);
        expect(r.error!.issues[0].path, name).to.deep.equal(['steps', 0, 'method']);
        expect(r.error!.issues[0].message, name).to.include("unknown method '");
      }
    }
  });
});
