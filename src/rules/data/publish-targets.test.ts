import { beforeAll, describe, expect, it } from 'vitest';
import { initShellParser } from '../../analysis/shell/shell-facts.js';
import { modelOf } from '../../testing/rule-tester.js';
import { publishSites } from './publish-targets.js';

/** What the one run step of a workflow publishes, by `what`. */
function published(script: string): string[] {
  const body = script
    .split('\n')
    .map((line) => `          ${line}`)
    .join('\n');
  const text = `on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n${body}\n`;
  const { pipelines } = modelOf({ '.github/workflows/release.yml': text });
  const job = pipelines[0]?.jobs[0];
  if (!job) throw new Error('no job');
  return job.steps.flatMap((step) => publishSites(step, job)).map((site) => site.what);
}

describe('publishSites in scripts', () => {
  beforeAll(async () => {
    await initShellParser();
  });

  it.each<[string, string, string[]]>([
    ['npm publish', 'npm ci\nnpm publish --access public', ['npm publish']],
    ['npm without publishing', 'npm ci\nnpm test\nnpm run build', []],
    ['a dry run', 'npm publish --dry-run', []],
    ['a continuation line between the command and its subcommand', 'npm \\\n  publish', ['npm publish']],
    ['docker push', 'docker build -t app .\ndocker push app', ['docker push']],
    ['docker buildx without --push', 'docker buildx build -t app .', []],
    ['docker buildx with --push on a continuation line', 'docker buildx build \\\n  -t app \\\n  --push .', ['docker buildx build']],
    ['python -m twine', 'python -m twine upload dist/*', ['twine upload']],
    ['npx of a bare publisher', 'npx semantic-release', ['semantic-release']],
    ['a gradle task by operand', './gradlew clean publishToMavenCentral', ['gradle publishToMavenCentral']],
    ['the subcommand word in another command only', 'npm ci\necho "publish later"', []],
    ['kubectl apply with a kubeconfig from a secret', 'echo "$KUBECONFIG_DATA" > ~/.kube/config\nkubectl apply -f k8s/', ['kubectl apply']],
    ['kubectl apply with nothing that reaches a cluster off the runner', './hack/start-test-cluster.sh\nkubectl apply -f k8s/', []],
    ['bundle exec gem push', 'bundle exec gem push pkg/app-1.0.0.gem', ['gem push']],
    ['pipx run of a pinned twine', 'pipx run twine==6.1.0 upload dist/*', ['twine upload']],
    ['cargo with a toolchain', 'cargo +nightly publish --locked', ['cargo publish']],
    ['bundle exec without publishing', 'bundle exec rake test', []],
  ])('%s', (_name, script, expected) => {
    expect(published(script)).toEqual(expected);
  });
});
