/**
 * `createCluster.sync` and `terminateCluster.sync`. Creation: STARTING -> BOOTSTRAPPING ->
 * WAITING over `provisioningSeconds` of workflow time; bootstrap scripts must exist in local S3
 * (bootstrap.ts); a cluster not kept alive without steps shuts down, as EMR does.
 */
import type { IntegrationContext } from '../../engine/api.ts';
import { IntegrationError } from '../../engine/api.ts';
import { bootstrapFailure } from './bootstrap.ts';
import type { ClusterBook } from './cluster-book.ts';
import { newClusterId } from './ids.ts';
import { type ClusterRecord, isTerminated } from './types.ts';
import { emrApiError, validateRunJobFlow } from './validate.ts';

function recordOf(
  id: string,
  arn: string,
  request: ClusterRecord['Request'],
  created: Date,
): ClusterRecord {
  return {
    Id: id,
    Name: request.Name as string,
    ClusterArn: arn,
    Status: {
      State: 'STARTING',
      StateChangeReason: {},
      Timeline: { CreationDateTime: created.toISOString() },
    },
    Tags: (request.Tags ?? []).map((t) => ({ Key: t.Key as string, Value: t.Value ?? '' })),
    ReleaseLabel: request.ReleaseLabel as string,
    ...(request.LogUri ? { LogUri: request.LogUri } : {}),
    ...(request.AutoTerminationPolicy?.IdleTimeout
      ? { AutoTerminationPolicy: { IdleTimeout: request.AutoTerminationPolicy.IdleTimeout } }
      : {}),
    Applications: (request.Applications ?? []).map((a) => ({ Name: a.Name ?? '' })),
    ...(request.ServiceRole ? { ServiceRole: request.ServiceRole } : {}),
    ...(request.SecurityConfiguration
      ? { SecurityConfiguration: request.SecurityConfiguration }
      : {}),
    AutoTerminate: request.Instances?.KeepJobFlowAliveWhenNoSteps !== true,
    TerminationProtected: request.Instances?.TerminationProtected === true,
    StepConcurrencyLevel: 1,
    Steps: [],
    Request: request,
    Local: { ownerPid: process.pid },
  };
}

export async function createCluster(
  book: ClusterBook,
  request: Record<string, unknown>,
  ctx: IntegrationContext,
): Promise<{ ClusterId: string; ClusterArn: string }> {
  const { config, ledger } = book;
  validateRunJobFlow(request);
  const id = newClusterId(config.random);
  const arn = `arn:aws:elasticmapreduce:${config.region}:${config.accountId}:cluster/${id}`;
  book.liveOf(id).now = ctx.now;
  // validateRunJobFlow checked the members this reads.
  const req = request as unknown as ClusterRecord['Request'];
  const record = recordOf(id, arn, req, ctx.now());
  await ledger.update((clusters) => {
    clusters.push(record);
  });
  config.log(`EMR ${id} '${record.Name}': STARTING (${record.ReleaseLabel})`);

  await ctx.sleep(config.provisioningMs / 2);
  await book.setState(id, 'BOOTSTRAPPING');
  const failure = await bootstrapFailure(config.s3, req.BootstrapActions ?? []);
  if (failure) {
    const reason = { Code: 'BOOTSTRAP_FAILURE', Message: failure };
    await book.terminate(id, reason, 'TERMINATED_WITH_ERRORS', ctx.sleep);
    throw new IntegrationError('States.TaskFailed', await book.describeCluster(id));
  }
  await ctx.sleep(config.provisioningMs / 2);
  if (record.AutoTerminate) {
    // KeepJobFlowAliveWhenNoSteps defaults to false: with no steps, EMR shuts the cluster down.
    const reason = { Code: 'ALL_STEPS_COMPLETED', Message: 'Steps completed' };
    await book.terminate(id, reason, 'TERMINATED', ctx.sleep);
    throw new IntegrationError('States.TaskFailed', await book.describeCluster(id));
  }
  const ready = await book.setState(id, 'WAITING', { Message: 'Cluster ready to run steps.' });
  book.startIdle(ready);
  config.log(`EMR ${id}: WAITING`);
  return { ClusterId: id, ClusterArn: arn };
}

export async function terminateCluster(
  book: ClusterBook,
  request: { ClusterId: string },
  ctx: IntegrationContext,
): Promise<Record<string, never>> {
  const id = request?.ClusterId;
  const cluster = (await book.ledger.read()).find((c) => c.Id === id);
  if (!cluster) {
    throw emrApiError(`Cluster id '${String(id)}' is not valid.`, 'InvalidRequestException');
  }
  if (cluster.TerminationProtected && !isTerminated(cluster)) {
    throw emrApiError(
      'Could not shut down one or more job flows since they are termination protected.',
    );
  }
  if (!book.isKnown(id)) book.liveOf(id).now = ctx.now;
  const reason = { Code: 'USER_REQUEST', Message: 'Terminated by user request' };
  await book.terminate(id, reason, 'TERMINATED', ctx.sleep);
  return {};
}
