/**
 * Errors of the input-preparation task. Names are matched by the definition's Catch: none of
 * these is retried (the input or the deployment must change).
 */
import type { TaskErrorName } from '../../contracts/errors.ts';

export { ConfigurationError, InvalidInputError } from '../download-ticker/errors.ts';

/** The universe file named by the event does not exist in the data bucket. */
export class UniverseNotFoundError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UniverseNotFoundError' satisfies TaskErrorName;
  }
}
