/** Validation against the official CycloneDX 1.6 JSON schema that `@cyclonedx/cyclonedx-library` ships. */
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

/** `null` when the document is valid, else the schema errors. */
export async function cycloneDxErrors(json: string): Promise<unknown> {
  return validator.validate(json);
}
