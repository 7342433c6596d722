/** The one registry of rules, sorted by id (a meta-test keeps it complete and sorted). */
import type { Rule } from './define-rule.js';
import aiPromptInjection from './ai-prompt-injection.js';
import archivedReference from './archived-reference.js';
import artifactPoisoning from './artifact-poisoning.js';
import cachePoisoning from './cache-poisoning.js';
import credentialPersistence from './credential-persistence.js';
import dangerousTrigger from './dangerous-trigger.js';
import debugLogging from './debug-logging.js';
import dependabotCodeExecution from './dependabot-code-execution.js';
import dependabotNoCooldown from './dependabot-no-cooldown.js';
import deployWithoutVerification from './deploy-without-verification.js';
import envFileInjection from './env-file-injection.js';
import environmentDump from './environment-dump.js';
import excessivePermissions from './excessive-permissions.js';
import expressionInjection from './expression-injection.js';
import forwardedPipelineVariables from './forwarded-pipeline-variables.js';
import generatedPipelineInjection from './generated-pipeline-injection.js';
import hardcodedSecret from './hardcoded-secret.js';
import impostorCommit from './impostor-commit.js';
import insecureCommands from './insecure-commands.js';
import knownVulnerableAction from './known-vulnerable-action.js';
import legacyJobJwt from './legacy-job-jwt.js';
import longLivedPublishToken from './long-lived-publish-token.js';
import obfuscation from './obfuscation.js';
import overprovisionedSecrets from './overprovisioned-secrets.js';
import privilegedContainer from './privileged-container.js';
import publishWithoutProvenance from './publish-without-provenance.js';
import refConfusion from './ref-confusion.js';
import refVersionMismatch from './ref-version-mismatch.js';
import remoteScriptExecution from './remote-script-execution.js';
import secretExfiltration from './secret-exfiltration.js';
import secretInArtifact from './secret-in-artifact.js';
import secretsInherit from './secrets-inherit.js';
import selfHostedRunnerExposure from './self-hosted-runner-exposure.js';
import spoofableActorCheck from './spoofable-actor-check.js';
import staticCloudCredentials from './static-cloud-credentials.js';
import tlsVerificationDisabled from './tls-verification-disabled.js';
import typosquatReference from './typosquat-reference.js';
import unpinnedImage from './unpinned-image.js';
import unpinnedPackage from './unpinned-package.js';
import unpinnedReference from './unpinned-reference.js';
import unprotectedDeployment from './unprotected-deployment.js';
import unprotectedDownstreamTrigger from './unprotected-downstream-trigger.js';
import unprotectedIdentity from './unprotected-identity.js';
import unredactedSecret from './unredacted-secret.js';
import unsoundCondition from './unsound-condition.js';
import untrustedCheckout from './untrusted-checkout.js';
import untrustedCodeSelection from './untrusted-code-selection.js';

export const RULES: Rule[] = [
  aiPromptInjection,
  archivedReference,
  artifactPoisoning,
  cachePoisoning,
  credentialPersistence,
  dangerousTrigger,
  debugLogging,
  dependabotCodeExecution,
  dependabotNoCooldown,
  deployWithoutVerification,
  envFileInjection,
  environmentDump,
  excessivePermissions,
  expressionInjection,
  forwardedPipelineVariables,
  generatedPipelineInjection,
  hardcodedSecret,
  impostorCommit,
  insecureCommands,
  knownVulnerableAction,
  legacyJobJwt,
  longLivedPublishToken,
  obfuscation,
  overprovisionedSecrets,
  privilegedContainer,
  publishWithoutProvenance,
  refConfusion,
  refVersionMismatch,
  remoteScriptExecution,
  secretExfiltration,
  secretInArtifact,
  secretsInherit,
  selfHostedRunnerExposure,
  spoofableActorCheck,
  staticCloudCredentials,
  tlsVerificationDisabled,
  typosquatReference,
  unpinnedImage,
  unpinnedPackage,
  unpinnedReference,
  unprotectedDeployment,
  unprotectedDownstreamTrigger,
  unprotectedIdentity,
  unredactedSecret,
  unsoundCondition,
  untrustedCheckout,
  untrustedCodeSelection,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
