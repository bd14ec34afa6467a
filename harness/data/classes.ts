import { InputError } from '../errors.js';
import type { Dataset, Split } from './types.js';

/**
 * The dataset with its classes in the order of `classes` (a model's output order): label index i
 * becomes `classes.indexOf(classNames[i])`. Every class of the data must be listed; listed classes
 * the data lacks are kept (a model may know more classes than a test set holds). `where` names
 * the suite setting in errors.
 */
export function orderClasses(ds: Dataset, classes: string[], where: string): Dataset {
  if (new Set(classes).size !== classes.length)
    throw new InputError(
      `${where}: 'classes' lists a name twice; list each of the model's outputs once, in output order`,
      'classes-duplicate',
    );
  if (ds.labeled === false) return { ...ds, classNames: classes };
  const missing = ds.classNames.filter((c) => !classes.includes(c));
  if (missing.length > 0) {
    throw new InputError(
      `${where}: the data has the labels ${missing.map((m) => `'${m}'`).join(', ')}, which 'classes' does not list; 'classes' must name every label, in the model's output order`,
      'classes-missing',
    );
  }
  const map = Int32Array.from(ds.classNames, (c) => classes.indexOf(c));
  const remap = (s: Split): Split => ({ ...s, y: Int32Array.from(s.y, (y) => map[y]) });
  return { ...ds, classNames: classes, train: remap(ds.train), test: remap(ds.test) };
}
