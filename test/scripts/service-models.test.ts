import { describe, expect, it } from 'vitest';
import { type BotocoreModel, modelStats, trimModel } from '../../scripts/service-models.ts';

const botocore: BotocoreModel = {
  metadata: { apiVersion: '2020-01-01', serviceId: 'Demo' },
  operations: {
    PutThing: { input: { shape: 'PutThingInput' } },
    DeleteThing: { input: { shape: 'DeleteThingInput' } },
  },
  shapes: {
    PutThingInput: {
      type: 'structure',
      required: ['thingName'],
      members: {
        thingName: { shape: 'Name', documentation: '<p>The name.</p>', location: 'uri' },
        tags: { shape: 'TagList' },
      },
      documentation: '<p>dropped</p>',
    },
    Name: { type: 'string', min: 1, max: 64, pattern: '[a-z]+' },
    TagList: { type: 'list', member: { shape: 'Tag' }, max: 5 },
    Tag: { type: 'string', enum: ['a', 'b'], sensitive: true },
    DeleteThingInput: { type: 'structure', members: { id: { shape: 'Possessive' } } },
    Possessive: { type: 'string', pattern: 'a*+' },
  },
};

describe('scripts/service-models.ts trimModel', () => {
  it('keeps the named operations, the shapes they reach and the validation traits only', () => {
    const model = trimModel(botocore, 'demo', ['PutThing'], '1.2.3');
    expect(model).toStrictEqual({
      service: 'demo',
      serviceId: 'Demo',
      apiVersion: '2020-01-01',
      botocoreVersion: '1.2.3',
      operations: { PutThing: { input: 'PutThingInput' } },
      shapes: {
        Name: { type: 'string', min: 1, max: 64, pattern: '[a-z]+' },
        PutThingInput: {
          type: 'structure',
          required: ['ThingName'],
          members: { ThingName: { shape: 'Name' }, Tags: { shape: 'TagList' } },
        },
        Tag: { type: 'string', enum: ['a', 'b'] },
        TagList: { type: 'list', max: 5, member: { shape: 'Tag' } },
      },
    });
  });

  it('counts the patterns JavaScript cannot check', () => {
    const model = trimModel(botocore, 'demo', ['PutThing', 'DeleteThing'], '1.2.3');
    expect(modelStats(model)).toStrictEqual({ operations: 2, shapes: 6, patterns: 2, skipped: 1 });
  });

  it('names an operation the model lacks', () => {
    expect(() => trimModel(botocore, 'demo', ['GetThing'], '1.2.3')).toThrow(
      'demo: no operation GetThing with an input',
    );
  });
});
