import { expect } from 'chai';
import { InputError } from '../../harness/errors.js';

/** The InputError `fn` throws (fails the test when it throws nothing or something else). */
export function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(InputError);
    return err as InputError;
  }
  expect.fail('expected an InputError');
}
