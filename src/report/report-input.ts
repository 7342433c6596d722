/** The one input every reporter is a pure function of. */
import type { RuleDescriptor, RunResult, ToolInfo } from '../model/finding.js';

export interface ReportInput {
  result: RunResult;
  rules: RuleDescriptor[];
  tool: ToolInfo;
  /** file path (as in findings) -> file text, for code frames */
  sources: Map<string, string>;
  color: boolean;
}

export type Reporter = (input: ReportInput) => string;
