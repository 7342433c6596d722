import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeShell, initShellParser } from '../../analysis/shell/shell-facts.js';
import { BUILD_TOOLS, commandExecutions, WORKSPACE_CODE_ACTIONS } from './workspace-code.js';

beforeAll(async () => {
  await initShellParser();
});

function executions(script: string): string[] {
  return commandExecutions(analyzeShell(script, 'bash').commands, script).map((e) => e.tool);
}

describe('workspace code tables', () => {
  it('command names and aliases are unique', () => {
    const names = BUILD_TOOLS.flatMap((t) => [t.command, ...(t.aliases ?? [])]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('action keys are unique and lower case', () => {
    const actions = WORKSPACE_CODE_ACTIONS.map((a) => a.action);
    expect(actions.filter((n, i) => actions.indexOf(n) !== i)).toEqual([]);
    for (const action of actions) expect(action).toBe(action.toLowerCase());
  });

  it('every entry has an https source', () => {
    for (const entry of [...BUILD_TOOLS, ...WORKSPACE_CODE_ACTIONS]) expect(entry.source).toMatch(/^https:\/\//);
  });
});

describe('commands that run workspace code', () => {
  // [script, what runs workspace code (the label the finding names), or none]
  const cases: [string, string[]][] = [
    ['npm ci', ['npm ci']],
    ['npm --prefix web install', ['npm install']],
    ['npm ci --ignore-scripts', []],
    // Scripts named explicitly run even with --ignore-scripts.
    ['npm run build --ignore-scripts', ['npm run']],
    ['npm view react', []],
    ['npm install -g pnpm', []],
    ['./gradlew build', ['gradle build']],
    ['sudo make install', ['make install']],
    ['mingw32-make', ['make']],
    ['env CI=1 npm test', ['npm test']],
    ['go build ./...', []],
    ['go test ./...', ['go test']],
    ['go -C tools generate ./...', ['go generate']],
    ['pip install requests', []],
    ['pip install -r requirements.txt', ['pip install']],
    ['pip3 install -e .', ['pip install']],
    ['python -m pip install .', ['pip install']],
    ['python3 setup.py install', ['python setup.py']],
    ['python -c "print(1)"', []],
    ['python -m pytest', ['pytest']],
    ['python -m build', ['build']],
    ['pyproject-build --sdist', ['build']],
    ['python -m http.server', []],
    ['uv sync', ['uv sync']],
    ['cargo +nightly test', ['cargo test']],
    ['cargo --manifest-path sub/Cargo.toml build', ['cargo build']],
    ['cargo fmt', []],
    ['docker build .', ['docker build']],
    ['docker compose -f ci.yml up', ['docker compose up']],
    ['docker-compose --project-name ci build', ['docker-compose build']],
    ['docker run ubuntu', []],
    ['bash ./ci/test.sh', ['bash ./ci/test.sh']],
    ['fish ./ci/test.fish', ['bash ./ci/test.fish']],
    ['bash -c "make all"', ['make all']],
    ['node scripts/build.js', ['node scripts/build.js']],
    ['node -e "console.log(1)"', []],
    ['jekyll build --safe', []],
    ['jekyll build', ['jekyll build']],
    ['rails test', ['rails test']],
    ['terraform plan', ['terraform plan']],
    ['terraform fmt -check', []],
    ['pulumi preview', ['pulumi preview']],
    ['pulumi whoami', []],
    ['cdk synth', ['cdk synth']],
    ['packer build .', ['packer build']],
    ['packer fmt .', []],
    ['ansible-playbook site.yml', ['ansible-playbook site.yml']],
    ['checkov -d .', ['checkov .']],
    ['ctest --output-on-failure', ['ctest']],
    ['go-task build', ['task build']],
    ['mage build', ['mage build']],
    ['nix-build', ['nix-build']],
    ['tsc --noEmit', []],
    ['/usr/bin/true', []],
    ['./configure --prefix=/usr', ['./configure']],
  ];
  it.each(cases)('%j -> %j', (script, expected) => {
    expect(executions(script)).toEqual(expected);
  });
});
