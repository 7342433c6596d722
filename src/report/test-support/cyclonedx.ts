/**
 * Validation against the official CycloneDX 1.6 JSON schema that `@cyclonedx/cyclonedx-library`
 * ships (with the SPDX and JSF schemas it references, so nothing is fetched). The library's strict
 * validator needs `ajv`, `ajv-formats` and `ajv-formats-draft2019`, development dependencies only.
 */
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

/** `null` when the document is valid, else the schema errors. */
export async function cycloneDxErrors(json: string): Promise<unknown> {
  return validator.validate(json);
}
