import { describe, expect, it } from 'vitest';
import { fileWrites, sameFile } from './file-writes.js';

const spans = (script: string) => fileWrites(script).map((w) => `${w.target} ${JSON.stringify(script.slice(w.start, w.end))}`);

describe('fileWrites', () => {
  it('finds redirects and tee with the command that writes, skipping descriptors and /dev/null', () => {
    expect(spans('make > build.log 2>&1; echo "$KEY" >> "key.json" && tee -a notes.txt </dev/null >/dev/null')).toEqual([
      'build.log "make > build.log 2>&1"',
      `key.json " echo \\"$KEY\\" >> \\"key.json\\" "`,
      'notes.txt " tee -a notes.txt </dev/null >/dev/null"',
    ]);
  });

  it('takes an unquoted heredoc up to its delimiter, and marks a quoted one as literal', () => {
    const script = 'cat > child.yml <<EOF\njob:\n  script: [echo "$TITLE"]\nEOF\ncat <<\'EOF\' > other.yml\n$X\nEOF\n';
    const writes = fileWrites(script);
    expect(writes.map((w) => [w.target, script.slice(w.start, w.end), w.verbatim, w.literalHeredoc])).toEqual([
      ['child.yml', 'cat > child.yml <<EOF\njob:\n  script: [echo "$TITLE"]\nEOF', true, false],
      ['other.yml', "cat <<'EOF' > other.yml\n$X\nEOF", true, true],
    ]);
  });

  it('compares written targets with artifact paths relative to the project directory', () => {
    expect(sameFile('./child.yml', 'child.yml')).toBe(true);
    expect(sameFile('$CI_PROJECT_DIR/gen/child.yml', 'gen/child.yml')).toBe(true);
    expect(sameFile('child.yaml', 'child.yml')).toBe(false);
  });
});
