/**
 * The README's API example: runs examples/restock.asl.json in process with two local Lambda
 * handlers (the first throttled once, so its Retry runs), no real waiting, and a line per failed task.
 * `npx tsx engine/examples/run-restock.ts`.
 */
import { readFileSync } from 'node:fs';
import { type LambdaHandler, runExecution } from '../index.ts';

const definition = JSON.parse(readFileSync(new URL('./restock.asl.json', import.meta.url), 'utf8'));

let stockCalls = 0;
const checkStock: LambdaHandler = async (payload) => {
  stockCalls += 1;
  if (stockCalls === 1) {
    throw Object.assign(new Error('Rate exceeded'), { name: 'Lambda.TooManyRequestsException' });
  }
  const { warehouse } = payload as { warehouse: string };
  return { low: warehouse === 'berlin' ? [{ sku: 'sku-7', reorder: 40 }] : [] };
};
const placeOrder: LambdaHandler = async () => ({ status: 'PLACED' });

const result = await runExecution(
  definition,
  { warehouse: 'berlin' },
  {
    lambdaHandlers: { 'check-stock': checkStock, 'place-order': placeOrder },
    timeScale: 0, // the 2 s retry interval takes no real time
    onEvent: (event) => {
      if (event.type === 'TaskFailed')
        console.log(event.id, event.type, event.taskFailedEventDetails?.error);
    },
  },
);
console.log(
  result.status,
  JSON.stringify(result.output),
  `${result.billableTransitions} transitions`,
);
