/**
 * Commands of a script that write a file, read lexically: a redirect (`>`, `>>`, `&>`) or `tee`
 * naming a target, with the span of the command that writes it (from the start of the command to
 * the end of its line; an unquoted heredoc up to its delimiter line). Used where the question is
 * what text ends up in a named file (a generated pipeline, a credential written to the workspace);
 * offsets are into the script value. A heredoc with a quoted delimiter (`<<'EOF'`) expands nothing
 * and is marked so.
 */
export interface FileWrite {
  /** The target as written, quotes removed (`child.yml`, `"$CI_PROJECT_DIR/key.json"`). */
  target: string;
  start: number;
  end: number;
  /** The command writes its arguments or heredoc as they are (`echo`, `printf`, `cat`). */
  verbatim: boolean;
  /** The body is a heredoc whose quoted delimiter keeps `$VAR` literal. */
  literalHeredoc: boolean;
}

const WRITE = /(?:&?>>?|\btee(?:\s+-a)?)\s*(["']?)([^\s"'>;&|<()]+)\1/g;
/** Ends a simple command: a newline, `;`, `&&` or `||` (quotes are not tracked). */
const SEPARATOR = /\n|;|&&|\|\|/g;
const NEXT_SEPARATOR = /\n|;|&&|\|\|/;
const VERBATIM = /^\s*(?:\{\s*)?(?:echo|printf|cat)\b/;

export function fileWrites(script: string): FileWrite[] {
  const out: FileWrite[] = [];
  for (const match of script.matchAll(WRITE)) {
    const at = match.index ?? 0;
    const target = match[2] as string;
    // `2>&1` and `>&2` duplicate descriptors; `>/dev/null` writes nothing kept.
    if (target.startsWith('&') || target.startsWith('/dev/')) continue;
    let start = 0;
    for (const separator of script.slice(0, at).matchAll(SEPARATOR)) start = (separator.index ?? 0) + separator[0].length;
    const next = NEXT_SEPARATOR.exec(script.slice(at));
    let end = next ? at + next.index : script.length;
    const statement = script.slice(start, end);
    const heredoc = /<<-?\s*(["']?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(statement);
    if (heredoc) {
      const close = new RegExp(`^[ \\t]*${heredoc[2]}[ \\t]*$`, 'm').exec(script.slice(end));
      end = close ? end + close.index + close[0].length : script.length;
    }
    out.push({ target, start, end, verbatim: VERBATIM.test(statement), literalHeredoc: heredoc !== null && heredoc[1] !== '' });
  }
  return out;
}

/** Whether a written target is the named file (same path, or the same file name under a folder). */
export function sameFile(target: string, file: string): boolean {
  const clean = (p: string) => p.replace(/^\.\//, '').replace(/^\$\{?CI_PROJECT_DIR\}?\//, '');
  const a = clean(target);
  const b = clean(file);
  return a === b || a.split('/').pop() === b.split('/').pop();
}
