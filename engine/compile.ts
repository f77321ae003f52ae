/**
 * Compiles a structurally valid definition into the state models the executors run. Every JSONata
 * expression is compiled here, once per definition; expression problems (syntax, references AWS
 * refuses) are collected alongside, so `validateDefinition` reports them with the structural ones.
 */

import { expressionText } from '../asl/expression.ts';
import {
  isObject,
  machineLanguage,
  type RawFragment,
  type RawObject,
  type RawState,
  stateLanguage,
} from '../asl/raw-definition.ts';
import type { JsonValue } from './api.ts';
import type { StatesAccess } from './jsonata/checks.ts';
import type { ExpressionCompiler } from './jsonata/expression.ts';
import { TemplateCompiler } from './jsonata/template.ts';
import type { Template } from './jsonata/types.ts';
import type {
  AssignModel,
  CatcherModel,
  FragmentModel,
  ItemBatcherModel,
  ItemReaderModel,
  MachineModel,
  MapModel,
  ResultWriterModel,
  RetrierModel,
  StateBase,
  StateModel,
  ValueField,
} from './model.ts';

const inputOnly: StatesAccess = { result: false, errorOutput: false };
const withResult: StatesAccess = { result: true, errorOutput: false };
const withError: StatesAccess = { result: false, errorOutput: true };

export type Compiled = { machine: MachineModel; problems: string[] };

export function compileDefinition(
  definition: RawObject,
  expressions: ExpressionCompiler,
): Compiled {
  const templates = new TemplateCompiler(expressions);
  const compiler = new StateCompiler(templates, machineLanguage(definition));
  const fragment = compiler.fragment(definition, '');
  const timeout = definition.TimeoutSeconds;
  return {
    machine: { ...fragment, timeoutSeconds: typeof timeout === 'number' ? timeout : undefined },
    problems: templates.problems,
  };
}

class StateCompiler {
  constructor(
    private readonly templates: TemplateCompiler,
    private readonly machine: 'JSONata' | 'JSONPath',
  ) {}

  fragment(raw: RawFragment, base: string): FragmentModel {
    const states = new Map<string, StateModel>();
    for (const [name, state] of Object.entries(raw.States as Record<string, RawState>)) {
      states.set(name, this.state(name, state, `${base}/States/${name}`));
    }
    return { startAt: raw.StartAt as string, states };
  }

  private state(name: string, raw: RawState, here: string): StateModel {
    const jsonata = stateLanguage(raw, this.machine) === 'JSONata';
    const t = (value: unknown, field: string, access: StatesAccess): Template | undefined =>
      value === undefined
        ? undefined
        : jsonata
          ? this.templates.template(value, field, `${here}/${field}`, access)
          : { dynamic: false, value: value as JsonValue };
    const v = (value: unknown, field: string): ValueField | undefined =>
      this.valueField(value, field, `${here}/${field}`, jsonata);
    const hasResult = raw.Type === 'Task' || raw.Type === 'Map' || raw.Type === 'Parallel';
    const base = {
      name,
      jsonPath: !jsonata,
      next: typeof raw.Next === 'string' ? raw.Next : undefined,
      end: raw.End === true,
      output: jsonata
        ? t(raw.Output, 'Output', hasResult ? withResult : inputOnly)
        : t(raw.Result, 'Result', inputOnly),
      assign: this.assign(
        raw.Assign,
        'Assign',
        `${here}/Assign`,
        jsonata,
        hasResult ? withResult : inputOnly,
      ),
      retry: Array.isArray(raw.Retry) ? raw.Retry.map(retrier) : [],
      catchers: Array.isArray(raw.Catch)
        ? raw.Catch.map((c: RawObject, i) => this.catcher(c, `${here}/Catch/${i}`, i, jsonata))
        : [],
    };
    switch (raw.Type) {
      case 'Pass':
        return { ...base, type: 'Pass' };
      case 'Succeed':
        return { ...base, type: 'Succeed' };
      case 'Fail':
        return {
          ...base,
          type: 'Fail',
          error: v(raw.Error, 'Error'),
          cause: v(raw.Cause, 'Cause'),
        };
      case 'Wait':
        return {
          ...base,
          type: 'Wait',
          seconds: v(raw.Seconds, 'Seconds'),
          timestamp: v(raw.Timestamp, 'Timestamp'),
        };
      case 'Task':
        return {
          ...base,
          type: 'Task',
          resource: raw.Resource as string,
          arguments: t(raw.Arguments, 'Arguments', inputOnly),
          timeoutSeconds: v(raw.TimeoutSeconds, 'TimeoutSeconds'),
          heartbeatSeconds: v(raw.HeartbeatSeconds, 'HeartbeatSeconds'),
        };
      case 'Choice':
        return {
          ...base,
          type: 'Choice',
          defaultNext: typeof raw.Default === 'string' ? raw.Default : undefined,
          rules: (raw.Choices as RawObject[]).map((rule, i) => ({
            condition: v(rule.Condition, `Choices[${i}]/Condition`) ?? { literal: false },
            next: rule.Next as string,
            output: t(rule.Output, `Choices[${i}]/Output`, inputOnly),
            assign: this.assign(
              rule.Assign,
              `Choices[${i}]/Assign`,
              `${here}/Choices/${i}/Assign`,
              jsonata,
              inputOnly,
            ),
          })),
        };
      case 'Parallel':
        return {
          ...base,
          type: 'Parallel',
          arguments: t(raw.Arguments, 'Arguments', inputOnly),
          branches: (raw.Branches as RawFragment[]).map((b, i) =>
            this.fragment(b, `${here}/Branches/${i}`),
          ),
        };
      default:
        return this.map(base, raw, here, jsonata, t, v);
    }
  }

  private map(
    base: StateBase,
    raw: RawState,
    here: string,
    jsonata: boolean,
    t: (value: unknown, field: string, access: StatesAccess) => Template | undefined,
    v: (value: unknown, field: string) => ValueField | undefined,
  ): MapModel {
    const processorRaw = (raw.ItemProcessor ?? raw.Iterator) as RawFragment & {
      ProcessorConfig?: RawObject;
    };
    const config = isObject(processorRaw.ProcessorConfig) ? processorRaw.ProcessorConfig : {};
    const reader = isObject(raw.ItemReader) ? raw.ItemReader : undefined;
    const batcher = isObject(raw.ItemBatcher) ? raw.ItemBatcher : undefined;
    const writer = isObject(raw.ResultWriter) ? raw.ResultWriter : undefined;
    const readerConfig = isObject(reader?.ReaderConfig) ? reader.ReaderConfig : {};
    const writerConfig = isObject(writer?.WriterConfig) ? writer.WriterConfig : undefined;
    const itemReader: ItemReaderModel | undefined = reader && {
      resource: reader.Resource as string,
      arguments: t(reader.Arguments, 'ItemReader/Arguments', inputOnly),
      inputType: readerConfig.InputType as ItemReaderModel['inputType'],
      csvHeaderLocation: readerConfig.CSVHeaderLocation === 'GIVEN' ? 'GIVEN' : 'FIRST_ROW',
      csvHeaders: Array.isArray(readerConfig.CSVHeaders)
        ? (readerConfig.CSVHeaders as string[])
        : undefined,
      csvDelimiter:
        typeof readerConfig.CSVDelimiter === 'string' ? readerConfig.CSVDelimiter : 'COMMA',
      maxItems: v(readerConfig.MaxItems, 'ItemReader/ReaderConfig/MaxItems'),
    };
    const itemBatcher: ItemBatcherModel | undefined = batcher && {
      maxItemsPerBatch: v(batcher.MaxItemsPerBatch, 'ItemBatcher/MaxItemsPerBatch'),
      maxInputBytesPerBatch: v(batcher.MaxInputBytesPerBatch, 'ItemBatcher/MaxInputBytesPerBatch'),
      batchInput: t(batcher.BatchInput, 'ItemBatcher/BatchInput', inputOnly),
    };
    const resultWriter: ResultWriterModel | undefined = writer && {
      resource: typeof writer.Resource === 'string' ? writer.Resource : undefined,
      arguments: t(writer.Arguments, 'ResultWriter/Arguments', inputOnly),
      outputType: writerConfig?.OutputType === 'JSONL' ? 'JSONL' : 'JSON',
      // AWS: NONE is the default when exporting to S3 without WriterConfig, else COMPACT.
      transformation:
        (writerConfig?.Transformation as ResultWriterModel['transformation'] | undefined) ??
        (writer.Resource !== undefined && !writerConfig ? 'NONE' : 'COMPACT'),
    };
    return {
      ...base,
      type: 'Map',
      processor: this.fragment(processorRaw, `${here}/ItemProcessor`),
      mode: config.Mode === 'DISTRIBUTED' ? 'DISTRIBUTED' : 'INLINE',
      executionType: config.ExecutionType === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
      label: typeof raw.Label === 'string' ? raw.Label : undefined,
      items: jsonata ? t(raw.Items, 'Items', inputOnly) : undefined,
      itemSelector: t(raw.ItemSelector, 'ItemSelector', inputOnly),
      itemReader,
      itemBatcher,
      resultWriter,
      maxConcurrency: v(raw.MaxConcurrency, 'MaxConcurrency'),
      toleratedFailurePercentage: v(raw.ToleratedFailurePercentage, 'ToleratedFailurePercentage'),
      toleratedFailureCount: v(raw.ToleratedFailureCount, 'ToleratedFailureCount'),
    };
  }

  private valueField(
    value: unknown,
    field: string,
    location: string,
    jsonata: boolean,
  ): ValueField | undefined {
    if (value === undefined) return undefined;
    const text = jsonata ? expressionText(value) : undefined;
    if (text === undefined) return { literal: value as JsonValue };
    const fx = this.templates.expression(text, field, location, inputOnly);
    return fx ? { fx } : { literal: null };
  }

  private assign(
    value: unknown,
    field: string,
    location: string,
    jsonata: boolean,
    access: StatesAccess,
  ): AssignModel | undefined {
    if (!isObject(value)) return undefined;
    return {
      entries: Object.entries(value).map(([name, item]) => [
        name,
        jsonata
          ? this.templates.template(item, `${field}/${name}`, `${location}/${name}`, access)
          : ({ dynamic: false, value: item as JsonValue } as Template),
      ]),
    };
  }

  private catcher(raw: RawObject, here: string, index: number, jsonata: boolean): CatcherModel {
    return {
      errorEquals: raw.ErrorEquals as string[],
      next: raw.Next as string,
      output:
        jsonata && raw.Output !== undefined
          ? this.templates.template(
              raw.Output,
              `Catch[${index}]/Output`,
              `${here}/Output`,
              withError,
            )
          : undefined,
      assign: this.assign(
        raw.Assign,
        `Catch[${index}]/Assign`,
        `${here}/Assign`,
        jsonata,
        withError,
      ),
    };
  }
}

function retrier(raw: RawObject): RetrierModel {
  const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
  return {
    errorEquals: raw.ErrorEquals as string[],
    intervalSeconds: num(raw.IntervalSeconds, 1),
    maxAttempts: num(raw.MaxAttempts, 3),
    backoffRate: num(raw.BackoffRate, 2),
    maxDelaySeconds: typeof raw.MaxDelaySeconds === 'number' ? raw.MaxDelaySeconds : undefined,
    jitter: raw.JitterStrategy === 'FULL' ? 'FULL' : 'NONE',
  };
}
