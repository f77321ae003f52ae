/**
 * The prepare-input Lambda: the definition's first step. Thin; the logic is prepare.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { isPlainObject } from '../../contracts/describe.ts';
import type { PrepareInputEvent, PrepareInputResult } from '../../contracts/prepare-input.ts';
import { createS3Client } from '../shared/s3-client.ts';
import { loadConfig } from './config.ts';
import { prepareInput } from './prepare.ts';

const config = loadConfig(process.env);
const s3 = createS3Client({ endpoint: config.s3Endpoint, region: config.region });
const logger = new Logger({ serviceName: 'prepare-input' });

export const handler = async (
  event: PrepareInputEvent,
  context?: Context,
): Promise<PrepareInputResult> => {
  if (context) logger.addContext(context);
  const name = isPlainObject(event) ? event.executionName : undefined;
  if (typeof name === 'string' && name.length <= 80) logger.appendKeys({ executionName: name });
  try {
    const result = await prepareInput(event, { s3, dataBucket: config.dataBucket });
    logger.info('tickers resolved', {
      source: result.source,
      count: result.count,
      duplicatesRemoved: result.duplicatesRemoved,
    });
    return result;
  } catch (error) {
    logger.error('prepare-input failed', error as Error);
    throw error;
  } finally {
    logger.resetKeys();
  }
};
