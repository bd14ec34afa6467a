import { expect } from 'chai';
import { InputError, isInputError, type InputErrorCode } from '../../harness/errors.js';

function checked(err: unknown, code: InputErrorCode): InputError {
  expect(err, `expected an InputError, got ${String(err)}`).to.be.instanceOf(InputError);
  expect((err as InputError).code, (err as InputError).message).to.equal(code);
  return err as InputError;
}

/** The InputError `fn` throws, checked to carry `code` (fails the test when it throws nothing, something else or another code). */
export function inputError(fn: () => unknown, code: InputErrorCode): InputError {
  try {
    fn();
  } catch (err) {
    return checked(err, code);
  }
  expect.fail(`expected an InputError '${code}'`);
}

/** The InputError `p` rejects with, checked to carry `code` (also across module copies: by name). */
export async function rejectedInputError(p: Promise<unknown>, code: InputErrorCode): Promise<InputError> {
  const err = await p.then(
    () => expect.fail(`expected an InputError '${code}'`),
    (e: unknown) => e,
  );
  expect(isInputError(err), `expected an InputError, got ${String(err)}`).to.equal(true);
  expect((err as InputError).code, (err as InputError).message).to.equal(code);
  return err as InputError;
}

/** Checks that `err` (caught by the test) is an InputError carrying `code`. */
export function expectInputErrorCode(err: unknown, code: InputErrorCode): InputError {
  expect(isInputError(err), `expected an InputError, got ${String(err)}`).to.equal(true);
  expect((err as InputError).code, (err as InputError).message).to.equal(code);
  return err as InputError;
}
