/**
 * What the `--dry-run` cost estimate assumes: prices and run shape. Every value is printed with
 * the estimate and can be overridden with `--assume key=value`.
 */
import { LAMBDA_MEMORY_MB } from '../contracts/lambda-env.ts';
import { INSTANCE_HOUR_PRICES, PRICES } from '../contracts/prices.ts';
import { UsageError } from './errors.ts';

export type Assumptions = {
  transitionPricePer1000: number;
  lambdaGbSecondPrice: number;
  lambdaRequestPricePerMillion: number;
  expressRequestPricePerMillion: number;
  expressGbSecondPrice: number;
  lambdaMemoryMb: number;
  lambdaSecondsPerItem: number;
  lambdaSecondsPerCall: number;
  clusterMinutes: number;
  instanceType: string;
  instanceCount: number;
  /** Undefined: looked up in {@link INSTANCE_HOUR_PRICES} by instance type. */
  instanceHourPrice: number | undefined;
};

/** The list prices per instance-hour by instance type (contracts/prices.ts). */
export { INSTANCE_HOUR_PRICES };

export const DEFAULT_ASSUMPTIONS: Assumptions = {
  transitionPricePer1000: PRICES.transitionPer1000,
  lambdaGbSecondPrice: PRICES.lambdaGbSecond,
  lambdaRequestPricePerMillion: PRICES.lambdaRequestPerMillion,
  expressRequestPricePerMillion: PRICES.expressRequestPerMillion,
  expressGbSecondPrice: PRICES.expressGbSecond,
  // The deployed download function's: nearly all Lambda time is ticker downloads.
  lambdaMemoryMb: LAMBDA_MEMORY_MB['download-ticker'],
  lambdaSecondsPerItem: 2,
  lambdaSecondsPerCall: 1,
  clusterMinutes: 25,
  instanceType: 'm5.xlarge',
  instanceCount: 3,
  instanceHourPrice: undefined,
};

export const ASSUMPTION_DOCS: Record<keyof Assumptions, string> = {
  transitionPricePer1000: 'USD per 1,000 Standard workflow state transitions (us-east-1)',
  lambdaGbSecondPrice: 'USD per Lambda GB-second (arm64, us-east-1)',
  lambdaRequestPricePerMillion: 'USD per million Lambda requests',
  expressRequestPricePerMillion: 'USD per million Express child executions (distributed Map)',
  expressGbSecondPrice: 'USD per Express GB-second (billed at 64 MB per execution)',
  lambdaMemoryMb: "memory of the task Lambdas, MB (the stack's download function)",
  lambdaSecondsPerItem: 'Lambda seconds per Map item (one ticker download)',
  lambdaSecondsPerCall: 'Lambda seconds per call outside a Map',
  clusterMinutes: 'EMR cluster lifetime per run, provisioning to termination, minutes',
  instanceType: 'EMR instance type where the definition leaves it to a placeholder',
  instanceCount: 'EMR instance count where the definition leaves it to a placeholder',
  instanceHourPrice: 'USD per instance-hour, EC2 + EMR (default: list price of the instance type)',
};

const KEYS = Object.keys(DEFAULT_ASSUMPTIONS) as Array<keyof Assumptions>;

/** Parses repeated `--assume key=value` flags into overrides; unknown keys and bad numbers exit 2. */
export function parseAssumptions(values: string[]): Partial<Assumptions> {
  const overrides: Partial<Record<keyof Assumptions, number | string>> = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const key = value.slice(0, Math.max(eq, 0)) as keyof Assumptions;
    const raw = value.slice(eq + 1).trim();
    if (eq <= 0 || !KEYS.includes(key)) {
      throw new UsageError(
        `--assume: '${value}' is not key=value with a known key (${KEYS.join(', ')})`,
      );
    }
    if (key === 'instanceType') {
      if (!/^[a-z0-9]+\.[a-z0-9]+$/.test(raw)) {
        throw new UsageError(
          `--assume instanceType: '${raw}' is not an instance type like m5.xlarge`,
        );
      }
      overrides[key] = raw;
      continue;
    }
    const number = Number(raw);
    if (raw === '' || !Number.isFinite(number) || number < 0) {
      throw new UsageError(`--assume ${key}: '${raw}' is not a non-negative number`);
    }
    overrides[key] = number;
  }
  return overrides as Partial<Assumptions>;
}
