import { describe, expect, it } from 'vitest';
import { type ScriptLanguage, spanContexts, templateContexts } from './script-context.js';

const E = '${{ x }}';

function kinds(script: string, language: ScriptLanguage): string[] {
  return templateContexts(script, language).map((c) => {
    const { context } = c;
    if (context.kind === 'single') return context.whole ? 'single-whole' : 'single';
    if (context.kind === 'string') return `string${context.quote}${context.whole ? '-whole' : ''}`;
    return context.kind;
  });
}

describe('templateContexts', () => {
  it.each([
    [`echo ${E}`, ['unquoted']],
    [`echo "a ${E} b"`, ['double']],
    [`echo '${E}' 'a ${E}'`, ['single-whole', 'single']],
    [`echo "it's" ${E}`, ['unquoted']],
    [`echo "$(printf ${E})"`, ['unquoted']],
    [`echo "\${V:-${E}}"`, ['unknown']],
    [`echo \`${E}\``, ['unknown']],
    [`echo $((${E} + 1))`, ['unknown']],
    [`echo $'a ${E}'`, ['unknown']],
    [`# note ${E}\necho ok # ${E}`, ['comment', 'comment']],
    [`echo a#${E}`, ['unquoted']],
    [`cat <<EOF\n${E}\nEOF\necho ${E}`, ['heredoc', 'unquoted']],
    [`cat <<'EOF'\n${E}\nEOF`, ['unknown']],
    [`cat <<-EOF\n\t${E}\n\tEOF`, ['heredoc']],
    [`echo "unclosed ${E}`, ['unknown']],
    [`echo \\"${E}`, ['unquoted']],
  ])('posix %j', (script, expected) => {
    expect(kinds(script, 'posix')).toEqual(expected);
  });

  it.each([
    [`Write-Host ${E}`, ['unquoted']],
    [`Write-Host "a ${E}" '${E}' 'a ${E}'`, ['double', 'single-whole', 'single']],
    [`Write-Host "$(${E})"`, ['unknown']],
    [`@"\n${E}\n"@\n@'\n${E}\n'@`, ['double', 'unknown']],
    [`# ${E}\n<# ${E} #>`, ['comment', 'comment']],
    [`Write-Host "it''s \`" ${E}"`, ['double']],
    [`Add-Content $f "a=$($env:A -replace '\\n', ' ')"\n"b=${E}" >> $f`, ['double']],
    [`"$(if ($x) { "(" }) ${E}"`, ['double']],
    [`"\${env:A} ${E}"`, ['double']],
    [`@"\n$(Get-Date) ${E}\n"@`, ['double']],
    [`"$(Get-Date ${E})" ${E}`, ['unknown', 'unquoted']],
  ])('pwsh %j', (script, expected) => {
    expect(kinds(script, 'pwsh')).toEqual(expected);
  });

  it.each([
    [`const a = ${E};`, ['unquoted']],
    [`const a = '${E}', b = "x ${E}";`, ["string'-whole", 'string"']],
    [`const a = \`x \${${E}}\`;`, ['unquoted']],
    [`const a = \`x ${E}\`;`, ['template-literal']],
    [`// ${E}\n/* ${E} */`, ['comment', 'comment']],
    [`const r = /'/; const s = '${E}';`, ["string'-whole"]],
    [`const s = 'a\\' ${E}';`, ["string'"]],
  ])('javascript %j', (script, expected) => {
    expect(kinds(script, 'javascript')).toEqual(expected);
  });
});

describe('spanContexts', () => {
  it('gives the context of plain words, and unknown for words it cannot skip', () => {
    const script = `echo "B<<EOF" >> f\necho 'EOF' EOF\ncat <<X\nEOF\nX\necho "$EOF"`;
    const at = (word: string, from = 0) => {
      const start = script.indexOf(word, from);
      return { start, end: start + word.length };
    };
    const eof1 = at('EOF');
    const eof2 = at('EOF', eof1.end);
    const eof3 = at('EOF', eof2.end);
    const eof4 = at('EOF', eof3.end);
    const dollar = at('$EOF');
    const contexts = spanContexts(script, 'posix', [eof1, eof2, eof3, eof4, dollar]).map((c) =>
      c.context.kind === 'single' ? `single${c.context.whole ? '-whole' : ''}` : c.context.kind,
    );
    expect(contexts).toEqual(['double', 'single-whole', 'unquoted', 'heredoc', 'unknown']);
  });
});
