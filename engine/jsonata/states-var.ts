/**
 * The `$states` variable: `input`, `result` and `errorOutput` as own fields, and `context` built
 * only when an expression reads it (a prototype getter: building the Context object for every
 * evaluation would dominate large Maps).
 */
import type { JsonObject, JsonValue } from '../api.ts';
import { contextObject, type StateInfo } from '../context.ts';

export class StatesVar {
  result?: JsonValue;
  errorOutput?: JsonValue;

  constructor(
    readonly input: JsonValue,
    readonly info: StateInfo,
  ) {}

  get context(): JsonObject {
    return contextObject(this.info);
  }
}
