import { InputError, unknownNameMessage } from '../errors.js';
import { lenet300100, lenet5 } from './lenet.js';
import { mlp } from './mlp.js';
import { isArchName, type ArchName } from './specs.js';
import { transformer } from './transformer.js';
import type { Architecture } from './types.js';

/** Every model architecture, by the name suites use in `model.arch`. */
export const archs = {
  mlp,
  'lenet-300-100': lenet300100,
  lenet5,
  transformer,
} satisfies Record<ArchName, Architecture>;

export type { ArchName } from './specs.js';

/** The architecture of that name, or an InputError listing the valid names. */
export function getArch(name: string, where = ''): Architecture {
  if (!isArchName(name)) throw new InputError(`${where}${unknownNameMessage('architecture', name, Object.keys(archs))}`, 'unknown-arch');
  return archs[name];
}
