// NEMSIS 3.5.0 schema validation in-process (libxml2 compiled to WebAssembly, so no xmllint is
// needed): the tests check every export with it, and the local NEMSIS receiver checks what it
// is sent. The schema files are NEMSIS's own, read from ../shared/reference/nemsis at run time
// (never committed); NEMSIS_REFERENCE_DIR points elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { XmlDocument, XmlLibError, XsdValidator } from 'libxml2-wasm';
import { xmlRegisterFsInputProviders } from 'libxml2-wasm/lib/nodejs.mjs';
import { REPO_ROOT } from '../migrate';

export const NEMSIS_REFERENCE_DIR = resolve(
  process.env['NEMSIS_REFERENCE_DIR'] ?? resolve(REPO_ROOT, '../shared/reference/nemsis'),
);
export const EMS_DATASET_XSD = resolve(NEMSIS_REFERENCE_DIR, 'v3.5.0/XSDs/NEMSIS_XSDs/EMSDataSet_v3.xsd');

export function nemsisSchemaAvailable(): boolean {
  return existsSync(EMS_DATASET_XSD);
}

export interface NemsisValidator {
  /** The schema's complaints about one document (empty: it validates). */
  validate(xml: string): string[];
  dispose(): void;
}

let providersRegistered = false;

/** Compiles EMSDataSet_v3.xsd and the files it includes (about 150 ms); validate() then takes milliseconds. */
export function loadNemsisValidator(xsdPath = EMS_DATASET_XSD): NemsisValidator {
  if (!existsSync(xsdPath))
    throw new Error(`NEMSIS schema not found at ${xsdPath}: put ../shared beside the repo or set NEMSIS_REFERENCE_DIR`);
  if (!providersRegistered) providersRegistered = xmlRegisterFsInputProviders();
  // Parsed with its own path as the URL, so its xs:include of the other *_v3.xsd files resolves.
  const schemaDoc = XmlDocument.fromBuffer(readFileSync(xsdPath), { url: xsdPath });
  const validator = XsdValidator.fromDoc(schemaDoc);
  return {
    validate(xml: string): string[] {
      let doc: XmlDocument;
      try {
        doc = XmlDocument.fromString(xml);
      } catch (error) {
        return describe(error, 'not well-formed XML');
      }
      try {
        validator.validate(doc);
        return [];
      } catch (error) {
        return describe(error, 'invalid');
      } finally {
        doc.dispose();
      }
    },
    dispose() {
      validator.dispose();
      schemaDoc.dispose();
    },
  };
}

function describe(error: unknown, fallback: string): string[] {
  if (error instanceof XmlLibError && error.details.length > 0) {
    return error.details.map((d) => `${d.line !== undefined ? `line ${d.line}: ` : ''}${d.message.trim()}`);
  }
  return [error instanceof Error ? `${fallback}: ${error.message}` : fallback];
}
