import { describe, expect, it } from 'vitest';
import {
  NON_RETRYABLE_ERRORS,
  RETRYABLE_ERRORS,
  TaskError,
  type TaskErrorName,
} from '../../contracts/errors.ts';
import * as downloadErrors from '../../tasks/download-ticker/errors.ts';
import * as prepareErrors from '../../tasks/prepare-input/errors.ts';

/** The `name` of every error class the two tasks export. */
const thrownNames = (): string[] =>
  [...Object.values(downloadErrors), ...Object.values(prepareErrors)].flatMap((value) =>
    typeof value === 'function' ? [new value('x').name] : [],
  );

describe('task error names', () => {
  it('are exactly the names the tasks throw, each by one class', () => {
    expect([...new Set(thrownNames())].sort()).toStrictEqual(Object.values(TaskError).sort());
  });

  it('never list a name as both retryable and not', () => {
    const both = RETRYABLE_ERRORS.filter((name) =>
      (NON_RETRYABLE_ERRORS as readonly TaskErrorName[]).includes(name),
    );
    expect(both).toStrictEqual([]);
  });
});
