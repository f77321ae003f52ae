/**
 * AWS's amazon-states-language-service: the validator behind the AWS Toolkit's Step Functions
 * editor. It knows service-specific rules asl-validator does not (and the reverse).
 */
// A CommonJS package whose `export *` re-exports Node cannot see as named ESM exports.
import asl from 'amazon-states-language-service';
import type { Check } from './types.ts';

const { DiagnosticSeverity, getLanguageService, TextDocument } = asl;

const service = getLanguageService({});

export const aslLanguageService: Check = {
  name: 'asl-language-service',
  rule: 'AWS amazon-states-language-service reports no error or warning',
  run: async (definition) => {
    const text = JSON.stringify(definition, null, 2);
    const doc = TextDocument.create('file:///definition.asl.json', 'asl', 1, text);
    const diagnostics = await service.doValidation(doc, service.parseJSONDocument(doc));
    return diagnostics
      .filter(
        (d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning,
      )
      .map((d) => {
        const at = d.range.start;
        const severity = d.severity === DiagnosticSeverity.Error ? 'error' : 'warning';
        return `amazon-states-language-service ${severity} at line ${at.line + 1}:${at.character + 1}: ${d.message}`;
      });
  },
};
