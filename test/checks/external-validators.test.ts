import { describe, expect, it } from 'vitest';
import { aslLanguageService } from '../../checks/asl-language-service.ts';
import { aslValidator } from '../../checks/asl-validator.ts';
import { at, broken, distributedBuild, inlineBuild, pipelineBuild, trainBuild } from './helpers.ts';

describe('asl-validator check', () => {
  it('passes both collect-bars variants and train-model', () => {
    expect([
      aslValidator.run(inlineBuild.definition, inlineBuild.checkContext),
      aslValidator.run(distributedBuild.definition, distributedBuild.checkContext),
      aslValidator.run(trainBuild.definition, trainBuild.checkContext),
    ]).toStrictEqual([[], [], []]);
  });

  it('passes the composed pipeline and its nested-execution Tasks', () => {
    expect(aslValidator.run(pipelineBuild.definition, pipelineBuild.checkContext)).toStrictEqual(
      [],
    );
  });

  it('leaves the definition it is given unchanged', () => {
    const copy = structuredClone(inlineBuild.definition);
    aslValidator.run(copy, inlineBuild.checkContext);
    expect(copy).toStrictEqual(inlineBuild.definition);
  });

  it('fails on a Task without a Resource', () => {
    const d = broken(trainBuild.definition, (c) => {
      delete at(c, 'Train').Resource;
    });
    expect((aslValidator.run(d, trainBuild.checkContext) as string[]).length).toBeGreaterThan(0);
  });

  it('fails on a nested-execution Task without a Resource', () => {
    const d = broken(pipelineBuild.definition, (c) => {
      delete at(c, 'TrainModel').Resource;
    });
    expect((aslValidator.run(d, pipelineBuild.checkContext) as string[]).length).toBeGreaterThan(0);
  });
});

describe('asl-language-service check', () => {
  it('passes both collect-bars variants and train-model', async () => {
    expect([
      await aslLanguageService.run(inlineBuild.definition, inlineBuild.checkContext),
      await aslLanguageService.run(distributedBuild.definition, distributedBuild.checkContext),
      await aslLanguageService.run(trainBuild.definition, trainBuild.checkContext),
    ]).toStrictEqual([[], [], []]);
  });

  it('passes the composed pipeline', async () => {
    expect(
      await aslLanguageService.run(pipelineBuild.definition, pipelineBuild.checkContext),
    ).toStrictEqual([]);
  });

  it('fails on a transition to a state that does not exist', async () => {
    const d = broken(trainBuild.definition, (c) => {
      at(c, 'Train').Next = 'Missing';
    });
    const problems = await aslLanguageService.run(d, trainBuild.checkContext);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(/amazon-states-language-service error at line \d+:\d+/);
  });
});
