/**
 * The OWASP Top 10 CI/CD Security Risks (2022), by id, and the phases of the CI/CD security
 * roadmap pipewarden reports against. Source of the risks:
 * https://owasp.org/www-project-top-10-ci-cd-security-risks/
 */
import type { RuleDescriptor } from '../../model/finding.js';

export const OWASP_CICD_RISKS: readonly { id: string; title: string }[] = [
  { id: 'CICD-SEC-1', title: 'Insufficient Flow Control Mechanisms' },
  { id: 'CICD-SEC-2', title: 'Inadequate Identity and Access Management' },
  { id: 'CICD-SEC-3', title: 'Dependency Chain Abuse' },
  { id: 'CICD-SEC-4', title: 'Poisoned Pipeline Execution (PPE)' },
  { id: 'CICD-SEC-5', title: 'Insufficient PBAC (Pipeline-Based Access Controls)' },
  { id: 'CICD-SEC-6', title: 'Insufficient Credential Hygiene' },
  { id: 'CICD-SEC-7', title: 'Insecure System Configuration' },
  { id: 'CICD-SEC-8', title: 'Ungoverned Usage of 3rd Party Services' },
  { id: 'CICD-SEC-9', title: 'Improper Artifact Integrity Validation' },
  { id: 'CICD-SEC-10', title: 'Insufficient Logging and Visibility' },
];

export type Phase = RuleDescriptor['phase'];

/**
 * The roadmap in the order a programme takes it: know what runs (visibility), take away what
 * an attacker needs first (foundations: injection, triggers, permissions, credentials), make
 * what is built provable (integrity), then hold the line (enforcement: gates and policy).
 */
export const PHASES: readonly { id: Phase; title: string; goal: string }[] = [
  { id: 'visibility', title: 'Visibility', goal: 'know every pipeline, third-party component and secret' },
  { id: 'foundations', title: 'Foundations', goal: 'close injection, privileged triggers, broad tokens and static credentials' },
  { id: 'integrity', title: 'Integrity', goal: 'sign, attest and verify what the pipelines build and deploy' },
  { id: 'enforcement', title: 'Enforcement', goal: 'gate merges and deployments on policy' },
];
