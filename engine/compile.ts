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
import { compileRule } from './jsonpath/choice.ts';
import * as pathFields from './jsonpath/fields.ts';
import type { PathField, PathIo } from './jsonpath/io.ts';
import { evaluateExpression, PathCompiler } from './jsonpath/template.ts';
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
  const paths = new PathCompiler();
  const compiler = new StateCompiler(templates, paths, machineLanguage(definition));
  const fragment = compiler.fragment(definition, '');
  const timeout = definition.TimeoutSeconds;
  return {
    machine: { ...fragment, timeoutSeconds: typeof timeout === 'number' ? timeout : undefined },
    problems: [...templates.problems, ...paths.problems],
  };
}

class StateCompiler {
  constructor(
    private readonly templates: TemplateCompiler,
    private readonly paths: PathCompiler,
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
          : this.paths.template(value, `${here}/${field}`);
    const v = (value: unknown, field: string): ValueField | undefined =>
      jsonata || value !== undefined
        ? this.valueField(value, field, `${here}/${field}`, jsonata)
        : this.pathValue(raw, field, here);
    const hasResult = raw.Type === 'Task' || raw.Type === 'Map' || raw.Type === 'Parallel';
    const base = {
      name,
      io: jsonata ? undefined : this.io(raw, here),
      next: typeof raw.Next === 'string' ? raw.Next : undefined,
      end: raw.End === true,
      output: jsonata ? t(raw.Output, 'Output', hasResult ? withResult : inputOnly) : undefined,
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
          arguments: jsonata ? t(raw.Arguments, 'Arguments', inputOnly) : base.io?.parameters,
          timeoutSeconds: v(raw.TimeoutSeconds, 'TimeoutSeconds'),
          heartbeatSeconds: v(raw.HeartbeatSeconds, 'HeartbeatSeconds'),
        };
      case 'Choice':
        return {
          ...base,
          type: 'Choice',
          defaultNext: typeof raw.Default === 'string' ? raw.Default : undefined,
          rules: (raw.Choices as RawObject[]).map((rule, i) => ({
            condition: jsonata
              ? (v(rule.Condition, `Choices[${i}]/Condition`) ?? { literal: false })
              : { jsonPath: compileRule(this.paths, rule, `${here}/Choices/${i}`) },
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
          arguments: jsonata ? t(raw.Arguments, 'Arguments', inputOnly) : base.io?.parameters,
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
      arguments: t(
        jsonata ? reader.Arguments : reader.Parameters,
        'ItemReader/Arguments',
        inputOnly,
      ),
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
      arguments: t(
        jsonata ? writer.Arguments : writer.Parameters,
        'ResultWriter/Arguments',
        inputOnly,
      ),
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
      items: jsonata ? t(raw.Items, 'Items', inputOnly) : this.itemsPath(raw.ItemsPath, here),
      itemSelector: t(
        raw.ItemSelector ?? (jsonata ? undefined : raw.Parameters),
        'ItemSelector',
        inputOnly,
      ),
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

  /**
   * A JSONPath state's `<field>Path` (SecondsPath, ErrorPath, ...) as a value field, when the state
   * has it instead of the literal field.
   */
  private pathValue(raw: RawState, field: string, here: string): ValueField | undefined {
    const key = `${field.replace(/^ItemReader\/ReaderConfig\//, '')}Path`;
    const text = raw[key];
    if (text === undefined) return undefined;
    const location = `${here}/${key}`;
    if (key === 'ErrorPath' || key === 'CausePath') {
      const expression = this.paths.expression(text, key, location);
      return expression && { jsonPath: pathFields.expressionValue(expression) };
    }
    const path = this.paths.path(text, location);
    if (!path) return undefined;
    switch (key) {
      case 'SecondsPath':
        return { jsonPath: pathFields.secondsPath(path) };
      case 'TimestampPath':
        return { jsonPath: pathFields.timestampPath(path) };
      case 'MaxConcurrencyPath':
        return { jsonPath: pathFields.maxConcurrencyPath(path) };
      case 'ToleratedFailureCountPath':
        return { jsonPath: pathFields.toleratedCountPath(path) };
      case 'ToleratedFailurePercentagePath':
        return { jsonPath: pathFields.toleratedPercentagePath(path) };
      case 'TimeoutSecondsPath':
      case 'HeartbeatSecondsPath':
        return { jsonPath: pathFields.positiveIntegerPath(path, key) };
      default:
        return undefined;
    }
  }

  /** A JSONPath state's InputPath, Parameters, ResultSelector, ResultPath, OutputPath, Result. */
  private io(raw: RawState, here: string): PathIo {
    return {
      inputPath: this.pathField(raw, 'InputPath', here),
      parameters:
        raw.Parameters === undefined || raw.Type === 'Map'
          ? undefined
          : this.paths.template(raw.Parameters, `${here}/Parameters`),
      resultSelector:
        raw.ResultSelector === undefined
          ? undefined
          : this.paths.template(raw.ResultSelector, `${here}/ResultSelector`),
      resultPath: this.pathField(raw, 'ResultPath', here, true),
      outputPath: this.pathField(raw, 'OutputPath', here),
      result: raw.Result as JsonValue | undefined,
    };
  }

  private pathField(raw: RawObject, field: string, here: string, reference = false): PathField {
    const value = raw[field];
    if (value === null) return null;
    const path = this.paths.path(value, `${here}/${field}`);
    if (path && reference && (path.steps === undefined || path.root !== 'input')) {
      this.paths.problems.push(
        `${here}/${field}: '${path.text}' must be a reference path (only names and indexes, from $)`,
      );
    }
    return path;
  }

  /** A JSONPath Map's ItemsPath: the items array selected from the effective input. */
  private itemsPath(value: unknown, here: string): Template | undefined {
    if (value === undefined) return undefined;
    const expression = this.paths.expression(value, 'ItemsPath', `${here}/ItemsPath`, false);
    if (!expression) return undefined;
    return { dynamic: true, evaluate: (bindings) => evaluateExpression(expression, bindings) };
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
      entries: Object.entries(value).map(([name, item]): readonly [string, Template] => {
        if (jsonata) {
          return [
            name,
            this.templates.template(item, `${field}/${name}`, `${location}/${name}`, access),
          ];
        }
        if (name.endsWith('.$')) {
          return [
            name.slice(0, -2),
            this.pathExpressionTemplate(item, name, `${location}/${name}`),
          ];
        }
        return [name, this.paths.template(item, `${location}/${name}`)];
      }),
    };
  }

  private pathExpressionTemplate(value: unknown, field: string, location: string): Template {
    const expression = this.paths.expression(value, field, location);
    if (!expression) return { dynamic: false, value: null };
    return { dynamic: true, evaluate: (bindings) => evaluateExpression(expression, bindings) };
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
      resultPath: jsonata ? undefined : this.pathField(raw, 'ResultPath', here, true),
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
