/** in-toto Statement v1 with a SLSA Provenance v1 predicate (https://slsa.dev/spec/v1.0/provenance). */
import { createHash } from 'node:crypto';
import type { CiBuild } from './ci-environment.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const CYCLONEDX_PREDICATE = 'https://cyclonedx.org/bom';
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface Statement {
  _type: string;
  subject: Subject[];
  predicateType: string;
  predicate: unknown;
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function slsaProvenance(build: CiBuild | undefined): unknown {
  if (!build) {
    return {
      buildDefinition: { buildType: 'https://pipewarden.dev/buildtypes/local/v1', externalParameters: {}, internalParameters: {} },
      runDetails: { builder: { id: 'https://pipewarden.dev/builders/local' }, metadata: {} },
    };
  }
  const repositoryUri = `git+${build.serverUrl}/${build.repository}@${build.ref}`;
  return {
    buildDefinition: {
      buildType: build.buildType,
      externalParameters: {
        workflow: { ref: build.ref, repository: `${build.serverUrl}/${build.repository}`, path: build.workflow },
      },
      internalParameters: { platform: build.platform, trigger: build.trigger, runnerEnvironment: build.runnerEnvironment },
      resolvedDependencies: [{ uri: repositoryUri, digest: { gitCommit: build.commit } }],
    },
    runDetails: {
      builder: { id: build.builderId },
      metadata: { invocationId: build.invocationId, runId: build.runId, runAttempt: build.runAttempt },
    },
  };
}

export function buildStatement(subjects: Subject[], predicateType: string, predicate: unknown): Statement {
  return { _type: STATEMENT_TYPE, subject: subjects, predicateType, predicate };
}
