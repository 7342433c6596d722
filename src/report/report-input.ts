/** The one input every reporter is a pure function of. */
import type { RuleDescriptor, RunResult, ToolInfo } from '../model/finding.js';
import type { Inventory } from './inventory/build-inventory.js';
import type { TrustMapPicture } from './inventory/trust-map.js';

export interface ReportInput {
  result: RunResult;
  rules: RuleDescriptor[];
  tool: ToolInfo;
  /** file path (as in findings) -> file text, for code frames */
  sources: Map<string, string>;
  color: boolean;
  /** The inventory and trust map, for the reports that show them (HTML); built only when asked for. */
  visibility?: { inventory: Inventory; trustMap: TrustMapPicture };
}

export type Reporter = (input: ReportInput) => string;
