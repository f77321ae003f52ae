/**
 * The shape of a trimmed AWS service model: botocore's `service-2.json` (AWS's own API model, as
 * the SDKs are generated from it) keeping only the operations this project calls, the shapes
 * their inputs reach, and the validation traits (required members, types, enums, lengths,
 * ranges, patterns); documentation and wire details are dropped. `scripts/service-models.ts`
 * writes the models (`emr.ts`, `s3.ts`, `lambda.ts`, `sfn.ts`) from the pinned botocore.
 */

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

export type MemberRef = { readonly shape: string };

export type Shape = {
  readonly type: ShapeType;
  /** structure: its members by the PascalCase name Step Functions passes. */
  readonly members?: Readonly<Record<string, MemberRef>>;
  readonly required?: readonly string[];
  /** list: the item shape; map: the key and value shapes. */
  readonly member?: MemberRef;
  readonly key?: MemberRef;
  readonly value?: MemberRef;
  readonly enum?: readonly string[];
  /** string: length; list and map: number of entries; numbers: the value. */
  readonly min?: number;
  readonly max?: number;
  /** The model's pattern as AWS wrote it (Java regular expression syntax), matched in full. */
  readonly pattern?: string;
};

export type ServiceModel = {
  /** botocore's service directory name (`emr`, `s3`, `lambda`, `stepfunctions`). */
  readonly service: string;
  readonly serviceId: string;
  readonly apiVersion: string;
  readonly botocoreVersion: string;
  /** Operation name -> its input shape. */
  readonly operations: Readonly<Record<string, { readonly input: string }>>;
  readonly shapes: Readonly<Record<string, Shape>>;
};
