/**
 * Parse issues of one GitLab pipeline, which may span several files (local includes): each issue
 * is placed in the file that holds the node it is about.
 */
import type { ParseIssue, ParseIssueCode } from '../../model/finding.js';
import type { SourceFile } from '../../model/types.js';
import { LineIndex } from '../../yaml/line-index.js';

export class PipelineIssues {
  readonly list: ParseIssue[] = [];
  private readonly lines = new Map<SourceFile, LineIndex>();

  add(
    file: SourceFile,
    offset: number,
    message: string,
    code: ParseIssueCode = 'INVALID_SHAPE',
    level: ParseIssue['level'] = 'warning',
  ): void {
    let index = this.lines.get(file);
    if (!index) {
      index = new LineIndex(file.text);
      this.lines.set(file, index);
    }
    const at = index.position(offset);
    this.list.push({ file: file.path, line: at.line, column: at.column, message, code, level });
  }
}
