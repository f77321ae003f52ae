/** Rules for a Map state's processor configuration, ItemReader, ItemBatcher and ResultWriter. */

import { Resource } from '../constants.ts';
import { expressionText } from '../expression.ts';
import { at, isObject, type RawState } from '../raw-definition.ts';
import { checkNumber, type Problems } from './fields.ts';

function oneOf(
  problems: Problems,
  location: string,
  value: unknown,
  allowed: readonly string[],
): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    problems.push(
      `${location}: must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
}

function onlyFields(
  problems: Problems,
  location: string,
  value: Record<string, unknown>,
  allowed: string[],
): void {
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k))
      problems.push(`${at(location, k)}: field '${k}' is not supported here`);
  }
}

/** Returns the processing mode ('INLINE' when absent). */
export function checkMap(
  problems: Problems,
  here: string,
  state: RawState,
  jsonata: boolean,
): string {
  const processor = isObject(state.ItemProcessor) ? state.ItemProcessor : undefined;
  if (!processor && state.Iterator === undefined) {
    problems.push(`${at(here, 'ItemProcessor')}: a Map state needs an ItemProcessor`);
  }
  const config = processor?.ProcessorConfig;
  let mode = 'INLINE';
  if (config !== undefined) {
    if (!isObject(config)) {
      problems.push(`${at(here, 'ItemProcessor', 'ProcessorConfig')}: must be an object`);
    } else {
      oneOf(problems, at(here, 'ItemProcessor', 'ProcessorConfig', 'Mode'), config.Mode, [
        'INLINE',
        'DISTRIBUTED',
      ]);
      if (config.Mode === 'DISTRIBUTED') {
        mode = 'DISTRIBUTED';
        oneOf(
          problems,
          at(here, 'ItemProcessor', 'ProcessorConfig', 'ExecutionType'),
          config.ExecutionType,
          ['STANDARD', 'EXPRESS'],
        );
        if (config.ExecutionType === undefined) {
          problems.push(
            `${at(here, 'ItemProcessor', 'ProcessorConfig', 'ExecutionType')}: DISTRIBUTED mode needs ExecutionType STANDARD or EXPRESS`,
          );
        }
      }
    }
  }
  checkNumber(
    problems,
    at(here, 'MaxConcurrency'),
    state.MaxConcurrency,
    { integer: true, min: 0 },
    jsonata,
  );
  checkNumber(
    problems,
    at(here, 'ToleratedFailureCount'),
    state.ToleratedFailureCount,
    { integer: true, min: 0 },
    jsonata,
  );
  checkNumber(
    problems,
    at(here, 'ToleratedFailurePercentage'),
    state.ToleratedFailurePercentage,
    { integer: false, min: 0, max: 100 },
    jsonata,
  );
  for (const field of ['ItemReader', 'ItemBatcher', 'ResultWriter']) {
    if (state[field] !== undefined && mode !== 'DISTRIBUTED') {
      problems.push(
        `${at(here, field)}: ${field} is only supported by a DISTRIBUTED Map (ItemProcessor.ProcessorConfig.Mode)`,
      );
    }
  }
  if (
    jsonata &&
    state.Items !== undefined &&
    !Array.isArray(state.Items) &&
    expressionText(state.Items) === undefined
  ) {
    problems.push(`${at(here, 'Items')}: must be an array or a {% %} expression`);
  }
  if (state.ItemReader !== undefined)
    checkItemReader(problems, at(here, 'ItemReader'), state.ItemReader, jsonata);
  if (state.ItemBatcher !== undefined)
    checkItemBatcher(problems, at(here, 'ItemBatcher'), state.ItemBatcher, jsonata);
  if (state.ResultWriter !== undefined)
    checkResultWriter(problems, at(here, 'ResultWriter'), state.ResultWriter);
  return mode;
}

function checkItemReader(
  problems: Problems,
  here: string,
  reader: unknown,
  jsonata: boolean,
): void {
  if (!isObject(reader)) {
    problems.push(`${here}: must be an object`);
    return;
  }
  onlyFields(problems, here, reader, ['Resource', 'ReaderConfig', 'Arguments', 'Parameters']);
  oneOf(problems, at(here, 'Resource'), reader.Resource, [
    Resource.S3GetObject,
    Resource.S3ListObjectsV2,
  ]);
  if (reader.Resource === undefined)
    problems.push(`${at(here, 'Resource')}: ItemReader needs a Resource`);
  const config = reader.ReaderConfig;
  if (config === undefined) {
    if (reader.Resource === Resource.S3GetObject) {
      problems.push(`${at(here, 'ReaderConfig')}: s3:getObject needs ReaderConfig.InputType`);
    }
    return;
  }
  if (!isObject(config)) {
    problems.push(`${at(here, 'ReaderConfig')}: must be an object`);
    return;
  }
  onlyFields(problems, at(here, 'ReaderConfig'), config, [
    'InputType',
    'CSVHeaderLocation',
    'CSVHeaders',
    'CSVDelimiter',
    'MaxItems',
  ]);
  oneOf(problems, at(here, 'ReaderConfig', 'InputType'), config.InputType, [
    'CSV',
    'JSON',
    'JSONL',
  ]);
  oneOf(problems, at(here, 'ReaderConfig', 'CSVHeaderLocation'), config.CSVHeaderLocation, [
    'FIRST_ROW',
    'GIVEN',
  ]);
  oneOf(problems, at(here, 'ReaderConfig', 'CSVDelimiter'), config.CSVDelimiter, [
    'COMMA',
    'PIPE',
    'SEMICOLON',
    'SPACE',
    'TAB',
  ]);
  if (config.CSVHeaderLocation === 'GIVEN' && !Array.isArray(config.CSVHeaders)) {
    problems.push(
      `${at(here, 'ReaderConfig', 'CSVHeaders')}: CSVHeaderLocation GIVEN needs CSVHeaders`,
    );
  }
  checkNumber(
    problems,
    at(here, 'ReaderConfig', 'MaxItems'),
    config.MaxItems,
    { integer: true, min: 0, max: 100_000_000 },
    jsonata,
  );
}

function checkItemBatcher(
  problems: Problems,
  here: string,
  batcher: unknown,
  jsonata: boolean,
): void {
  if (!isObject(batcher)) {
    problems.push(`${here}: must be an object`);
    return;
  }
  onlyFields(problems, here, batcher, ['MaxItemsPerBatch', 'MaxInputBytesPerBatch', 'BatchInput']);
  if (batcher.MaxItemsPerBatch === undefined && batcher.MaxInputBytesPerBatch === undefined) {
    problems.push(`${here}: ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch`);
  }
  checkNumber(
    problems,
    at(here, 'MaxItemsPerBatch'),
    batcher.MaxItemsPerBatch,
    { integer: true, min: 1 },
    jsonata,
  );
  checkNumber(
    problems,
    at(here, 'MaxInputBytesPerBatch'),
    batcher.MaxInputBytesPerBatch,
    { integer: true, min: 1, max: 262144 },
    jsonata,
  );
}

function checkResultWriter(problems: Problems, here: string, writer: unknown): void {
  if (!isObject(writer)) {
    problems.push(`${here}: must be an object`);
    return;
  }
  onlyFields(problems, here, writer, ['Resource', 'Arguments', 'Parameters', 'WriterConfig']);
  if (writer.Resource !== undefined)
    oneOf(problems, at(here, 'Resource'), writer.Resource, [Resource.S3PutObject]);
  if (writer.Resource === undefined && writer.WriterConfig === undefined) {
    problems.push(`${here}: ResultWriter needs Resource and Arguments, or WriterConfig`);
  }
  if (
    writer.Resource !== undefined &&
    writer.Arguments === undefined &&
    writer.Parameters === undefined
  ) {
    problems.push(`${at(here, 'Arguments')}: ResultWriter needs Arguments with Bucket and Prefix`);
  }
  const config = writer.WriterConfig;
  if (config !== undefined) {
    if (!isObject(config)) {
      problems.push(`${at(here, 'WriterConfig')}: must be an object`);
      return;
    }
    oneOf(problems, at(here, 'WriterConfig', 'OutputType'), config.OutputType, ['JSON', 'JSONL']);
    oneOf(problems, at(here, 'WriterConfig', 'Transformation'), config.Transformation, [
      'NONE',
      'COMPACT',
      'FLATTEN',
    ]);
  }
}
