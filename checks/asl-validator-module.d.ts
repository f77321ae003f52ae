/** asl-validator 4 ships no type declarations; this is the part of its API we call. */
declare module 'asl-validator' {
  type StateMachineError = { 'Error code': string; Message: string };
  type SchemaError = { instancePath: string; message?: string; params: unknown };
  type Result = {
    isValid: boolean;
    errors: Array<StateMachineError | SchemaError>;
    errorsText: (separator?: string) => string;
  };
  const validator: (
    definition: Record<string, unknown>,
    options?: { checkPaths: boolean; checkArn: boolean },
  ) => Result;
  export default validator;
}
