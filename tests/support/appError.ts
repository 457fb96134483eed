// The AppError an operation must fail with, for tests that check what the analyst is told.
import { expect } from 'vitest';
import { AppError } from '../../src/shared/errors';

/** Resolves with the AppError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export function errorOf(promise: Promise<unknown>): Promise<AppError> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(AppError);
      return error as AppError;
    },
  );
}
