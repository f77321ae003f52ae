import { describe, expect, it } from 'vitest';
import { main } from '../../../engine/cli/main.ts';
import { fakeIo } from './fake-io.ts';

const example = 'engine/examples/order-check.asl.json';
const exampleMocks = 'engine/examples/order-check.mock.json';
const trainModel = 'asl-snapshots/train-model.asl.json';
const trainModelMocks = 'test/engine/cli/fixtures/train-model.mock.json';
const trainModelSubstitutions = [
  'DataBucket=data',
  'LogsBucket=logs',
  'PrepareInputFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:prepare-input',
  'EmrServiceRole=emr-service',
  'EmrInstanceProfile=emr-profile',
  'EmrSecurityConfiguration=emr-security',
  'EmrSubnetId=subnet-1',
].flatMap((pair) => ['--substitute', pair]);
const trainModelInput = JSON.stringify({
  from: '2026-11-27',
  to: '2026-11-27',
  interval: '1m',
  tickers: ['AAPL', 'MSFT'],
});

async function runExample(testCase: string, ...extra: string[]) {
  const io = fakeIo();
  const code = await main(
    [
      'run',
      example,
      '--input',
      '{"orderId":"o-1"}',
      '--mock-config',
      exampleMocks,
      '--test-case',
      testCase,
      '--time-scale',
      '0',
      ...extra,
    ],
    io,
  );
  return { code, io };
}

async function runTrainModel(testCase: string, ...extra: string[]) {
  const io = fakeIo();
  const code = await main(
    [
      'run',
      trainModel,
      ...trainModelSubstitutions,
      '--input',
      trainModelInput,
      '--mock-config',
      trainModelMocks,
      '--test-case',
      testCase,
      '--time-scale',
      '0',
      '--execution-name',
      'cli-test',
      ...extra,
    ],
    io,
  );
  return { code, io };
}

describe('asl run on the JSONata example with a Step Functions Local mock file', () => {
  it('prints one line per event (type, state, detail) and the output, and exits 0', async () => {
    const { code, io } = await runExample('HappyPath');
    expect(code).toBe(0);
    expect(io.lines()).toContain('TaskStateEntered GetOrder {"orderId":"o-1"}');
    expect(io.lines()).toContain(
      'TaskSucceeded GetOrder {"StatusCode":200,"Payload":{"id":"o-1","sku":"sku-9","quantity":2}}',
    );
    expect(io.lines().at(-1)).toBe('ExecutionSucceeded {"orderId":"o-1","status":"shipped"}');
    expect(io.out()).toContain('SUCCEEDED\n{\n  "orderId": "o-1",\n  "status": "shipped"\n}\n');
  });

  it('answers each retry with the next invocation range ("0-1" throws, "2" returns)', async () => {
    const { code, io } = await runExample('RetryPath');
    expect(code).toBe(0);
    const stock = io.lines().filter((l) => /^Task(Failed|Succeeded) CheckStock/.test(l));
    expect(stock).toStrictEqual([
      'TaskFailed CheckStock DynamoDb.ProvisionedThroughputExceededException: Rate exceeded',
      'TaskFailed CheckStock DynamoDb.ProvisionedThroughputExceededException: Rate exceeded',
      'TaskSucceeded CheckStock {"Item":{"sku":{"S":"sku-9"},"count":{"N":"1"}}}',
    ]);
    expect(io.lines().at(-1)).toBe('ExecutionSucceeded {"orderId":"o-1","status":"backordered"}');
  });

  it('exits 1 when the execution fails (retries spent, then caught into a Fail state)', async () => {
    const { code, io } = await runExample('StockDown');
    expect(code).toBe(1);
    expect(io.out()).toContain(
      'FAILED: StockUnknown: stock lookup failed: DynamoDb.ProvisionedThroughputExceededException',
    );
  });

  it('runs the real integration of a state the test case does not mock, and says why it fails', async () => {
    const { code, io } = await runExample('RealStock');
    expect(code).toBe(1);
    expect(io.out()).toContain(
      "No integration handles the resource 'arn:aws:states:::aws-sdk:dynamodb:getItem'",
    );
    expect(io.out()).toContain('hint: mock the state in the test case');
  });

  it('prints one JSON object with --json: status, output, events', async () => {
    const { code, io } = await runExample('HappyPath', '--json');
    expect(code).toBe(0);
    const printed = JSON.parse(io.out()) as {
      status: string;
      output: unknown;
      events: { type: string }[];
    };
    expect(printed.status).toBe('SUCCEEDED');
    expect(printed.output).toStrictEqual({ orderId: 'o-1', status: 'shipped' });
    expect(printed.events[0]?.type).toBe('ExecutionStarted');
    expect(printed.events.at(-1)?.type).toBe('ExecutionSucceeded');
  });

  it('calls a local handler module given with --lambda for an unmocked Lambda task', async () => {
    const io = fakeIo();
    const code = await main(
      [
        'run',
        example,
        '--input',
        '{"orderId":"o-7"}',
        '--lambda',
        'get-order=test/engine/cli/fixtures/get-order.ts',
        '--json',
      ],
      io,
    );
    expect(code).toBe(1);
    const printed = JSON.parse(io.out()) as {
      events: { type: string; taskSucceededEventDetails?: { output: string } }[];
    };
    const succeeded = printed.events.find((e) => e.type === 'TaskSucceeded');
    expect(JSON.parse(succeeded?.taskSucceededEventDetails?.output ?? '{}').Payload).toStrictEqual({
      id: 'o-7',
      sku: 'sku-local',
      quantity: 1,
    });
  });

  it('fails the task with the error a --lambda handler throws (named export)', async () => {
    const io = fakeIo();
    const code = await main(
      [
        'run',
        example,
        '--input',
        '{"orderId":"o-7"}',
        '--lambda',
        'get-order=test/engine/cli/fixtures/get-order.ts#failing',
      ],
      io,
    );
    expect(code).toBe(1);
    expect(io.out()).toContain(
      'FAILED: RangeError: {"errorType":"RangeError","errorMessage":"no such order"',
    );
  });
});

describe('asl run on the JSONPath example with a Step Functions Local mock file', () => {
  async function runRestock(testCase: string) {
    const io = fakeIo();
    const code = await main(
      [
        'run',
        'engine/examples/restock.asl.json',
        '--input',
        '{"warehouse":"berlin"}',
        '--mock-config',
        'engine/examples/restock.mock.json',
        '--test-case',
        testCase,
        '--time-scale',
        '0',
        '--json',
      ],
      io,
    );
    return {
      code,
      result: JSON.parse(io.out()) as {
        status: string;
        output: unknown;
        events: { type: string }[];
      },
    };
  }

  it('retries the throttled stock check, reorders each low SKU in the Map and summarises', async () => {
    const { code, result } = await runRestock('ReorderAfterThrottle');
    expect(code).toBe(0);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({
      warehouse: 'berlin',
      ordered: 2,
      orders: ['berlin-sku-7-0', 'berlin-sku-9-1'],
      message: 'berlin reordered 2 SKUs',
    });
    const types = result.events.map((event) => event.type);
    expect(types.filter((type) => type === 'TaskFailed')).toHaveLength(1);
    expect(types.filter((type) => type === 'MapIterationSucceeded')).toHaveLength(2);
  });

  it('takes the Choice default when nothing runs low, without entering the Map', async () => {
    const { code, result } = await runRestock('NothingLow');
    expect(code).toBe(0);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toStrictEqual({ warehouse: 'berlin', ordered: 0 });
    expect(result.events.map((event) => event.type)).not.toContain('MapStateEntered');
  });
});

describe('asl run on the train-model workflow snapshot with mocked Lambda, S3 and EMR tasks', () => {
  it('trains on the mocked session and terminates the cluster', async () => {
    const { code, io } = await runTrainModel('HappyPath');
    expect(code).toBe(0);
    const states = io
      .lines()
      .filter((l) => /^\w+StateEntered /.test(l))
      .map((l) => l.split(' ')[1]);
    expect(states).toStrictEqual([
      'ValidateInput',
      'CheckInput',
      'ChooseDataSource',
      'PrepareInput',
      'ListSessions',
      'ListSession',
      'CheckTrainingData',
      'CreateCluster',
      'Train',
      'TerminateCluster',
      'Summary',
    ]);
    expect(io.out()).toContain('"modelPrefix": "s3://data/models/cli-test/"');
    expect(io.out()).toContain('"clusterId": "j-MOCKED"');
  });

  it('terminates the cluster and fails when the mocked training step throws', async () => {
    const { code, io } = await runTrainModel('TrainingFails');
    expect(code).toBe(1);
    expect(io.lines()).toContain(
      'TaskStateEntered TerminateClusterAfterFailure {"Error":"States.TaskFailed","Cause":"Step s-MOCKED failed: training script exited 1"}',
    );
    expect(io.out()).toContain(
      'FAILED: States.TaskFailed: Step s-MOCKED failed: training script exited 1',
    );
  });

  it('fails with NoTrainingDataError when the mocked listing holds no ticker', async () => {
    const { code, io } = await runTrainModel('NoData');
    expect(code).toBe(1);
    expect(io.out()).toContain('FAILED: NoTrainingDataError:');
    expect(io.out()).not.toContain('CreateCluster');
  });

  it('picks the mock file entry by --state-machine-name', async () => {
    const { code, io } = await runTrainModel('HappyPath', '--state-machine-name', 'other');
    expect(code).toBe(2);
    expect(io.err()).toContain(
      "The mock configuration has no state machine 'other' (it has: train-model); pass --state-machine-name to pick one",
    );
  });
});

describe('asl run: usage errors and other endings', () => {
  it('exits 2 listing every problem of an invalid definition, before running anything', async () => {
    const io = fakeIo();
    const code = await main(['run', 'test/engine/cli/fixtures/broken.asl.json'], io);
    expect(code).toBe(2);
    expect(io.out()).toBe('');
    expect(io.err()).toContain('broken.asl.json: Invalid State Machine Definition: 5 problem(s):');
    expect(io.err()).toContain(
      "/States/First/Next: MISSING_TRANSITION_TARGET: no state named 'Missing'",
    );
    expect(io.err()).toContain(
      '/States/Sleep: a Wait state needs exactly one of Seconds or Timestamp',
    );
  });

  it('exits 2 naming missing placeholders as --substitute flags', async () => {
    const io = fakeIo();
    const code = await main(['run', trainModel], io);
    expect(code).toBe(2);
    expect(io.err()).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a definition-substitution placeholder
      'placeholder ${DataBucket} has no value; pass --substitute DataBucket=...',
    );
  });

  it('exits 2 on an invalid mock configuration, naming the path in the file', async () => {
    const io = fakeIo();
    const code = await main(
      [
        'run',
        example,
        '--mock-config',
        'test/engine/cli/fixtures/bad.mock.json',
        '--test-case',
        'A',
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.err()).toContain(
      'test/engine/cli/fixtures/bad.mock.json: MockedResponses.GetData."1-2": Throw needs Error',
    );
  });

  it('exits 2 when the test case mocks a state the definition does not have', async () => {
    const io = fakeIo();
    const code = await main(
      [
        'run',
        example,
        '--mock-config',
        'test/engine/cli/fixtures/unknown-state.mock.json',
        '--test-case',
        'B',
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.err()).toContain(
      "test case 'B': the test case mocks 'NotAState', which is not a Task state of the definition",
    );
  });

  it('exits 2 on an unknown flag, a missing file and input that is neither a file nor JSON', async () => {
    expect(await main(['run', example, '--nope'], fakeIo())).toBe(2);
    const missing = fakeIo();
    expect(await main(['run', 'nowhere.asl.json'], missing)).toBe(2);
    expect(missing.err()).toContain('definition nowhere.asl.json: cannot be read (ENOENT)');
    const input = fakeIo();
    expect(await main(['run', example, '--input', '{oops'], input)).toBe(2);
    expect(input.err()).toContain('--input {oops: neither a file nor JSON');
    expect(await main(['run', example, '--time-scale', '-1'], fakeIo())).toBe(2);
  });

  it('exits 3 when the execution is stopped (Ctrl-C)', async () => {
    const io = fakeIo({ interruptOn: 'WaitStateEntered' });
    const code = await main(['run', 'test/engine/cli/fixtures/wait.asl.json'], io);
    expect(code).toBe(3);
    expect(io.out()).toContain('ABORTED');
  });
});
