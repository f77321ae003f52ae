import { describe, expect, it } from 'vitest';
import { aslLanguageService } from '../../checks/asl-language-service.ts';
import { aslValidator } from '../../checks/asl-validator.ts';
import { at, broken, distributedBuild, inlineBuild } from './helpers.ts';

describe('asl-validator check', () => {
  it('passes both pipeline variants', () => {
    expect([
      aslValidator.run(inlineBuild.definition, inlineBuild.checkContext),
      aslValidator.run(distributedBuild.definition, distributedBuild.checkContext),
    ]).toStrictEqual([[], []]);
  });

  it('leaves the definition it is given unchanged', () => {
    const copy = structuredClone(inlineBuild.definition);
    aslValidator.run(copy, inlineBuild.checkContext);
    expect(copy).toStrictEqual(inlineBuild.definition);
  });

  it('fails on a Task without a Resource', () => {
    const d = broken(inlineBuild.definition, (c) => {
      delete at(c, 'Train').Resource;
    });
    expect((aslValidator.run(d, inlineBuild.checkContext) as string[]).length).toBeGreaterThan(0);
  });
});

describe('asl-language-service check', () => {
  it('passes both pipeline variants', async () => {
    expect([
      await aslLanguageService.run(inlineBuild.definition, inlineBuild.checkContext),
      await aslLanguageService.run(distributedBuild.definition, distributedBuild.checkContext),
    ]).toStrictEqual([[], []]);
  });

  it('fails on a transition to a state that does not exist', async () => {
    const d = broken(inlineBuild.definition, (c) => {
      at(c, 'Train').Next = 'Missing';
    });
    const problems = await aslLanguageService.run(d, inlineBuild.checkContext);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(/amazon-states-language-service error at line \d+:\d+/);
  });
});
