/**
 * Steps that run files from the workspace: build tools, test runners, linters and package
 * managers that read configuration or scripts from the checked-out repository, scripts run by
 * relative path, interpreters given a workspace file, local actions, and a few actions that do
 * one of these themselves. After a pull request checkout, each of these hands the pull request
 * author code execution ("living off the pipeline").
 *
 * Rule-local table (the adapter does not annotate steps with this yet). The mechanism of each
 * entry is from the tool's own documentation (`source`); the idea of the catalogue is BoostSecurity's
 * LOTP inventory, https://boostsecurityio.github.io/lotp/.
 *
 * Deliberately absent: `tsc` (no code runs), `go build`/`go vet`/`go install` (module code does not
 * run), `git` (hooks come from local configuration), `hugo` (templates are not programs).
 */
import { analyzeShell } from '../../analysis/shell/shell-facts.js';
import { stepScript } from '../../analysis/scripts/step-script.js';
import type { CommandUse } from '../../analysis/shell/types.js';
import type { Job, Origin, Step } from '../../model/types.js';
import { operandsOf } from '../../platforms/github/data/command-line.js';

export interface BuildTool {
  command: string;
  aliases?: readonly string[];
  /** Leading operands that make it run workspace code (one or two words); undefined: any use. */
  subcommands?: readonly string[];
  /** Options whose value is the next word, skipped when finding the subcommand (`npm --prefix web ci`). */
  optionsWithValue?: readonly string[];
  /** Runs the first operand as a file (interpreters). */
  fileOperand?: boolean;
  /** Only with a local source: `-r`/`-e`/`.`/a path (pip-like installers). */
  localSource?: boolean;
  /** Flags that stop repository code for these subcommands (all must be present). */
  disabledBy?: readonly string[];
  /** What it reads from the workspace. */
  reads: string;
  source: string;
}

const NPM_SUBS = [
  'install',
  'i',
  'in',
  'ins',
  'inst',
  'insta',
  'instal',
  'isntall',
  'add',
  'ci',
  'clean-install',
  'ic',
  'install-clean',
  'install-test',
  'it',
  'install-ci-test',
  'cit',
  'rebuild',
  'rb',
  'update',
  'up',
  'upgrade',
  'link',
  'ln',
  'test',
  't',
  'tst',
  'run',
  'run-script',
  'rum',
  'urn',
  'start',
  'stop',
  'restart',
  'pack',
  'publish',
  'exec',
  'x',
  'version',
];
/** Global and compose options of docker that take a value (`docker compose -f ci.yml up`). */
const DOCKER_VALUE_OPTIONS = [
  '-H',
  '--host',
  '--context',
  '-c',
  '--config',
  '-l',
  '--log-level',
  '-f',
  '--file',
  '-p',
  '--project-name',
  '--profile',
  '--env-file',
  '--project-directory',
];
const CARGO_VALUE_OPTIONS = [
  '--manifest-path',
  '-p',
  '--package',
  '--target',
  '-j',
  '--jobs',
  '--features',
  '-F',
  '--profile',
  '-Z',
  '--config',
  '--target-dir',
  '--color',
  '-C',
];
const TERRAFORM_SUBS = ['init', 'plan', 'apply', 'validate', 'refresh', 'import', 'destroy', 'console', 'test', 'providers'];

export const BUILD_TOOLS: readonly BuildTool[] = [
  {
    command: 'npm',
    subcommands: NPM_SUBS,
    optionsWithValue: ['--prefix', '-C', '--workspace', '-w', '--registry', '--userconfig', '--cache'],
    disabledBy: ['--ignore-scripts'],
    reads: 'package.json scripts and lifecycle hooks, .npmrc',
    source: 'https://docs.npmjs.com/cli/v10/using-npm/scripts',
  },
  {
    command: 'npx',
    reads: 'binaries of local packages (they win over the registry), .npmrc',
    source: 'https://docs.npmjs.com/cli/v10/commands/npx',
  },
  {
    command: 'yarn',
    reads: 'package.json scripts, .yarnrc.yml (yarnPath runs a repository file on every yarn command)',
    source: 'https://yarnpkg.com/configuration/yarnrc#yarnPath',
  },
  { command: 'pnpm', reads: 'package.json scripts, .pnpmfile.cjs hooks, .npmrc', source: 'https://pnpm.io/pnpmfile' },
  {
    command: 'bun',
    aliases: ['bunx'],
    reads: 'package.json scripts, bunfig.toml preload scripts',
    source: 'https://bun.sh/docs/runtime/bunfig',
  },
  {
    command: 'deno',
    subcommands: ['task', 'run', 'test', 'bench'],
    reads: 'deno.json tasks and the named scripts',
    source: 'https://docs.deno.com/runtime/reference/cli/task/',
  },
  { command: 'node', aliases: ['nodejs'], fileOperand: true, reads: 'the named script', source: 'https://nodejs.org/api/cli.html' },
  { command: 'tsx', aliases: ['ts-node'], fileOperand: true, reads: 'the named script', source: 'https://tsx.is/' },
  { command: 'turbo', reads: 'turbo.json tasks (package.json scripts)', source: 'https://turborepo.com/docs/reference/run' },
  { command: 'nx', reads: 'project.json targets and Nx plugins', source: 'https://nx.dev/reference/nx-json' },
  {
    command: 'lerna',
    subcommands: ['run', 'exec', 'bootstrap', 'publish', 'version'],
    reads: 'package.json scripts of every package',
    source: 'https://lerna.js.org/docs/api-reference/commands',
  },
  { command: 'grunt', reads: 'Gruntfile.js', source: 'https://gruntjs.com/getting-started' },
  { command: 'gulp', reads: 'gulpfile.js', source: 'https://gulpjs.com/docs/en/getting-started/javascript-and-gulpfiles' },
  {
    command: 'eslint',
    reads: 'eslint.config.js and the plugins it loads',
    source: 'https://eslint.org/docs/latest/use/configure/configuration-files',
  },
  { command: 'prettier', reads: 'prettier.config.js and plugins', source: 'https://prettier.io/docs/configuration' },
  { command: 'stylelint', reads: 'stylelint.config.js and plugins', source: 'https://stylelint.io/user-guide/configure' },
  { command: 'jest', reads: 'jest.config.js, setup files and tests', source: 'https://jestjs.io/docs/configuration' },
  { command: 'vitest', reads: 'vitest.config.ts and tests', source: 'https://vitest.dev/config/' },
  { command: 'mocha', reads: '.mocharc.js and tests', source: 'https://mochajs.org/#configuring-mocha-nodejs' },
  { command: 'karma', reads: 'karma.conf.js', source: 'https://karma-runner.github.io/latest/config/configuration-file.html' },
  { command: 'webpack', aliases: ['webpack-cli'], reads: 'webpack.config.js', source: 'https://webpack.js.org/configuration/' },
  { command: 'vite', reads: 'vite.config.js and plugins', source: 'https://vite.dev/config/' },
  { command: 'rollup', reads: 'rollup.config.js', source: 'https://rollupjs.org/command-line-interface/#configuration-files' },
  {
    command: 'playwright',
    subcommands: ['test'],
    reads: 'playwright.config.ts and tests',
    source: 'https://playwright.dev/docs/test-configuration',
  },
  {
    command: 'cypress',
    subcommands: ['run', 'open'],
    reads: 'cypress.config.js and specs',
    source: 'https://docs.cypress.io/app/references/configuration',
  },
  {
    command: 'python',
    aliases: ['python3', 'py', 'pypy', 'pypy3'],
    fileOperand: true,
    reads: 'the named script (setup.py runs the package build)',
    source: 'https://docs.python.org/3/using/cmdline.html',
  },
  {
    command: 'pip',
    aliases: ['pip3'],
    subcommands: ['install', 'wheel', 'download'],
    localSource: true,
    reads: 'requirements files and local projects (their setup.py / build backend)',
    source: 'https://pip.pypa.io/en/stable/cli/pip_install/',
  },
  {
    command: 'uv',
    subcommands: ['sync', 'run', 'build', 'pip install', 'tool run'],
    reads: 'pyproject.toml (build backend), uv run commands',
    source: 'https://docs.astral.sh/uv/reference/cli/',
  },
  {
    command: 'poetry',
    subcommands: ['install', 'sync', 'run', 'build', 'shell'],
    reads: 'pyproject.toml (build scripts, poetry run)',
    source: 'https://python-poetry.org/docs/cli/',
  },
  {
    command: 'pipenv',
    subcommands: ['install', 'sync', 'run', 'shell'],
    reads: 'Pipfile (local packages, [scripts])',
    source: 'https://pipenv.pypa.io/en/latest/cli.html',
  },
  {
    command: 'pdm',
    subcommands: ['install', 'sync', 'run', 'build'],
    reads: 'pyproject.toml scripts and build backend',
    source: 'https://pdm-project.org/en/latest/reference/cli/',
  },
  {
    command: 'hatch',
    subcommands: ['run', 'build', 'test', 'shell', 'env'],
    reads: 'hatch.toml scripts and build hooks',
    source: 'https://hatch.pypa.io/latest/cli/reference/',
  },
  { command: 'tox', reads: 'tox.ini commands and the package build', source: 'https://tox.wiki/en/latest/config.html' },
  { command: 'nox', reads: 'noxfile.py', source: 'https://nox.thea.codes/en/stable/config.html' },
  {
    command: 'pytest',
    aliases: ['py.test'],
    reads: 'conftest.py and tests',
    source: 'https://docs.pytest.org/en/stable/how-to/writing_plugins.html#conftest-py-plugins',
  },
  { command: 'unittest', reads: 'the test modules', source: 'https://docs.python.org/3/library/unittest.html#command-line-interface' },
  {
    command: 'pylint',
    reads: 'pylintrc init-hook and load-plugins',
    source: 'https://pylint.readthedocs.io/en/stable/user_guide/configuration/all-options.html#init-hook',
  },
  { command: 'mypy', reads: 'mypy plugins from the configuration', source: 'https://mypy.readthedocs.io/en/stable/extending_mypy.html' },
  {
    command: 'flake8',
    reads: 'local-plugins from the configuration',
    source: 'https://flake8.pycqa.org/en/latest/user/configuration.html#using-local-plugins',
  },
  {
    command: 'pre-commit',
    reads: '.pre-commit-config.yaml (local hooks and any hook repository it names)',
    source: 'https://pre-commit.com/#repository-local-hooks',
  },
  { command: 'sphinx-build', reads: 'conf.py and extensions', source: 'https://www.sphinx-doc.org/en/master/usage/configuration.html' },
  {
    command: 'mkdocs',
    subcommands: ['build', 'serve', 'gh-deploy'],
    reads: 'mkdocs.yml hooks (Python files) and plugins',
    source: 'https://www.mkdocs.org/user-guide/configuration/#hooks',
  },
  {
    command: 'build',
    aliases: ['pyproject-build'],
    reads: 'pyproject.toml build backend (python -m build)',
    source: 'https://build.pypa.io/en/stable/',
  },
  { command: 'invoke', aliases: ['inv'], reads: 'tasks.py', source: 'https://docs.pyinvoke.org/en/stable/getting-started.html' },
  { command: 'bundle', aliases: ['bundler'], reads: 'Gemfile (Ruby code) and gemspecs', source: 'https://bundler.io/man/gemfile.5.html' },
  { command: 'rake', reads: 'Rakefile', source: 'https://ruby.github.io/rake/doc/rakefile_rdoc.html' },
  {
    command: 'rails',
    reads: 'the application (config/*.rb, initializers) that most commands boot',
    source: 'https://guides.rubyonrails.org/command_line.html',
  },
  {
    command: 'jekyll',
    subcommands: ['build', 'b', 'serve', 's'],
    disabledBy: ['--safe'],
    reads: '_plugins/*.rb and the Gemfile plugins (not in --safe mode)',
    source: 'https://jekyllrb.com/docs/plugins/installation/',
  },
  { command: 'rspec', reads: 'spec_helper.rb and specs', source: 'https://rspec.info/features/3-13/rspec-core/command-line/' },
  { command: 'rubocop', reads: '.rubocop.yml require/plugins', source: 'https://docs.rubocop.org/rubocop/extensions.html' },
  { command: 'gem', subcommands: ['build'], reads: 'the .gemspec (Ruby code)', source: 'https://guides.rubygems.org/make-your-own-gem/' },
  { command: 'ruby', fileOperand: true, reads: 'the named script', source: 'https://docs.ruby-lang.org/en/master/ruby/options_md.html' },
  {
    command: 'pod',
    subcommands: ['install', 'update'],
    reads: 'Podfile (Ruby code)',
    source: 'https://guides.cocoapods.org/syntax/podfile.html',
  },
  { command: 'fastlane', reads: 'fastlane/Fastfile', source: 'https://docs.fastlane.tools/advanced/Fastfile/' },
  {
    command: 'composer',
    disabledBy: ['--no-scripts', '--no-plugins'],
    reads: 'composer.json scripts and plugins',
    source: 'https://getcomposer.org/doc/articles/scripts.md',
  },
  {
    command: 'php',
    fileOperand: true,
    reads: 'the named script',
    source: 'https://www.php.net/manual/en/features.commandline.options.php',
  },
  { command: 'phpunit', reads: 'phpunit.xml bootstrap and tests', source: 'https://docs.phpunit.de/en/11.5/configuration.html' },
  { command: 'phpstan', reads: 'phpstan.neon bootstrapFiles', source: 'https://phpstan.org/config-reference#bootstrap' },
  { command: 'perl', fileOperand: true, reads: 'the named script', source: 'https://perldoc.perl.org/perlrun' },
  {
    command: 'gradle',
    aliases: ['gradlew'],
    reads: 'build.gradle, settings.gradle, buildSrc and the wrapper',
    source: 'https://docs.gradle.org/current/userguide/build_lifecycle.html',
  },
  {
    command: 'mvn',
    aliases: ['mvnw'],
    reads: 'pom.xml plugins and .mvn/ (extensions, wrapper)',
    source: 'https://maven.apache.org/guides/introduction/introduction-to-the-pom.html',
  },
  { command: 'ant', reads: 'build.xml', source: 'https://ant.apache.org/manual/using.html' },
  { command: 'sbt', reads: 'build.sbt and project/*.scala', source: 'https://www.scala-sbt.org/1.x/docs/Basic-Def.html' },
  {
    command: 'make',
    aliases: ['gmake', 'mingw32-make'],
    reads: 'the Makefile',
    source: 'https://www.gnu.org/software/make/manual/make.html',
  },
  { command: 'ctest', reads: 'the tests CMakeLists.txt defines', source: 'https://cmake.org/cmake/help/latest/manual/ctest.1.html' },
  {
    command: 'cmake',
    reads: 'CMakeLists.txt (execute_process runs commands)',
    source: 'https://cmake.org/cmake/help/latest/command/execute_process.html',
  },
  { command: 'ninja', reads: 'build.ninja', source: 'https://ninja-build.org/manual.html' },
  { command: 'meson', reads: 'meson.build (run_command)', source: 'https://mesonbuild.com/External-commands.html' },
  { command: 'bazel', aliases: ['bazelisk'], reads: 'BUILD/MODULE files, rules and .bazelrc', source: 'https://bazel.build/run/bazelrc' },
  { command: 'just', reads: 'the justfile', source: 'https://just.systems/man/en/' },
  { command: 'task', aliases: ['go-task'], reads: 'Taskfile.yml', source: 'https://taskfile.dev/usage/' },
  { command: 'mage', reads: 'magefile.go targets', source: 'https://magefile.org/' },
  { command: 'earthly', reads: 'the Earthfile', source: 'https://docs.earthly.dev/docs/earthfile' },
  {
    command: 'cargo',
    optionsWithValue: CARGO_VALUE_OPTIONS,
    subcommands: [
      'build',
      'b',
      'check',
      'c',
      'clippy',
      'test',
      't',
      'run',
      'r',
      'bench',
      'doc',
      'd',
      'package',
      'publish',
      'install',
      'llvm-cov',
      'nextest',
      'tarpaulin',
    ],
    reads: 'build.rs build scripts and proc macros of the workspace, .cargo/config.toml',
    source: 'https://doc.rust-lang.org/cargo/reference/build-scripts.html',
  },
  {
    command: 'go',
    subcommands: ['generate', 'test', 'run'],
    optionsWithValue: ['-C'],
    reads: '//go:generate directives, tests and the named packages',
    source: 'https://pkg.go.dev/cmd/go#hdr-Generate_Go_files_by_processing_source',
  },
  {
    command: 'dotnet',
    subcommands: ['build', 'test', 'run', 'restore', 'pack', 'publish', 'msbuild'],
    reads: 'project files (MSBuild targets and tasks), Directory.Build.props/targets',
    source: 'https://learn.microsoft.com/en-us/visualstudio/msbuild/customize-your-build',
  },
  {
    command: 'msbuild',
    reads: 'project files (MSBuild targets and tasks)',
    source: 'https://learn.microsoft.com/en-us/visualstudio/msbuild/msbuild',
  },
  {
    command: 'swift',
    subcommands: ['build', 'test', 'run'],
    reads: 'Package.swift (Swift code) and plugins',
    source: 'https://docs.swift.org/package-manager/PackageDescription/PackageDescription.html',
  },
  {
    command: 'xcodebuild',
    reads: 'project run-script build phases',
    source: 'https://developer.apple.com/documentation/xcode/customizing-the-build-phases-of-a-target',
  },
  { command: 'mix', reads: 'mix.exs (Elixir code)', source: 'https://hexdocs.pm/mix/Mix.html' },
  {
    command: 'flutter',
    subcommands: ['test', 'build', 'run', 'pub'],
    reads: 'pubspec.yaml build hooks and tests',
    source: 'https://docs.flutter.dev/reference/flutter-cli',
  },
  {
    command: 'dart',
    subcommands: ['run', 'test', 'pub'],
    reads: 'pubspec.yaml, build hooks and the named scripts',
    source: 'https://dart.dev/tools/dart-tool',
  },
  {
    command: 'terraform',
    aliases: ['tofu'],
    subcommands: TERRAFORM_SUBS,
    reads: 'the configuration (providers, modules, external data sources)',
    source: 'https://developer.hashicorp.com/terraform/language/data-sources',
  },
  {
    command: 'pulumi',
    subcommands: ['up', 'update', 'preview', 'destroy', 'refresh', 'watch'],
    reads: 'the Pulumi program Pulumi.yaml names',
    source: 'https://www.pulumi.com/docs/iac/concepts/how-pulumi-works/',
  },
  {
    command: 'cdk',
    subcommands: ['synth', 'synthesize', 'deploy', 'diff', 'destroy', 'ls', 'list', 'watch'],
    reads: 'the app command in cdk.json',
    source: 'https://docs.aws.amazon.com/cdk/v2/guide/cli.html',
  },
  {
    command: 'packer',
    subcommands: ['build', 'init'],
    reads: 'Packer templates (shell-local provisioners, plugins)',
    source: 'https://developer.hashicorp.com/packer/docs/provisioners/shell-local',
  },
  {
    command: 'ansible-playbook',
    reads: 'playbooks and roles (tasks may run on the runner itself)',
    source: 'https://docs.ansible.com/ansible/latest/cli/ansible-playbook.html',
  },
  {
    command: 'checkov',
    reads: '.checkov.yaml in the working directory, whose external checks are Python modules',
    source: 'https://www.checkov.io/3.Custom%20Policies/Python%20Custom%20Policy.html',
  },
  { command: 'terragrunt', reads: 'terragrunt.hcl (hooks run commands)', source: 'https://terragrunt.gruntwork.io/docs/features/hooks/' },
  {
    command: 'docker',
    subcommands: ['build', 'buildx build', 'buildx bake', 'image build', 'compose build', 'compose up', 'compose run', 'compose create'],
    optionsWithValue: DOCKER_VALUE_OPTIONS,
    reads: 'the Dockerfile (RUN instructions) and compose files',
    source: 'https://docs.docker.com/reference/dockerfile/#run',
  },
  {
    command: 'docker-compose',
    subcommands: ['build', 'up', 'run', 'create'],
    optionsWithValue: DOCKER_VALUE_OPTIONS,
    reads: 'compose files and Dockerfiles',
    source: 'https://docs.docker.com/reference/compose-file/build/',
  },
  {
    command: 'podman',
    subcommands: ['build', 'image build', 'compose'],
    reads: 'the Containerfile (RUN instructions)',
    source: 'https://docs.podman.io/en/latest/markdown/podman-build.1.html',
  },
  {
    command: 'buildah',
    subcommands: ['bud', 'build'],
    reads: 'the Containerfile (RUN instructions)',
    source: 'https://github.com/containers/buildah/blob/main/docs/buildah-build.1.md',
  },
  {
    command: 'nix',
    subcommands: ['build', 'develop', 'run', 'shell', 'flake check'],
    reads: 'flake.nix (builders run commands)',
    source: 'https://nix.dev/manual/nix/latest/command-ref/new-cli/nix3-build',
  },
  { command: 'nix-build', reads: 'default.nix derivations', source: 'https://nix.dev/manual/nix/latest/command-ref/nix-build' },
  {
    command: 'nix-shell',
    reads: 'shell.nix / default.nix, including its shellHook',
    source: 'https://nix.dev/manual/nix/latest/command-ref/nix-shell',
  },
  {
    command: 'bash',
    aliases: ['sh', 'zsh', 'dash', 'ksh', 'fish'],
    fileOperand: true,
    reads: 'the named script',
    source: 'https://www.gnu.org/software/bash/manual/bash.html#Invoking-Bash',
  },
  {
    command: 'source',
    aliases: ['.'],
    fileOperand: true,
    reads: 'the named script',
    source: 'https://www.gnu.org/software/bash/manual/bash.html#index-source',
  },
  {
    command: 'pwsh',
    aliases: ['powershell'],
    fileOperand: true,
    reads: 'the named script',
    source: 'https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_pwsh',
  },
];

/** Actions that run workspace code themselves. `when`: only with this input set (not `false`). */
export const WORKSPACE_CODE_ACTIONS: readonly { action: string; reads: string; when?: string; source: string }[] = [
  {
    action: 'github/codeql-action/autobuild',
    reads: 'the build system it detects (scripts, Makefiles, Gradle/Maven files)',
    source:
      'https://docs.github.com/en/code-security/code-scanning/creating-an-advanced-setup-for-code-scanning/codeql-code-scanning-for-compiled-languages#about-autobuild',
  },
  { action: 'pre-commit/action', reads: '.pre-commit-config.yaml', source: 'https://github.com/pre-commit/action#readme' },
  {
    action: 'cypress-io/github-action',
    reads: 'package.json (installs dependencies) and the Cypress configuration',
    source: 'https://github.com/cypress-io/github-action#readme',
  },
  { action: 'bahmutov/npm-install', reads: 'package.json lifecycle scripts', source: 'https://github.com/bahmutov/npm-install#readme' },
  { action: 'borales/actions-yarn', reads: 'package.json scripts, .yarnrc.yml', source: 'https://github.com/Borales/actions-yarn#readme' },
  {
    action: 'ruby/setup-ruby',
    when: 'bundler-cache',
    reads: 'the Gemfile (bundle install)',
    source: 'https://github.com/ruby/setup-ruby#caching-bundle-install-automatically',
  },
  {
    action: 'pnpm/action-setup',
    when: 'run_install',
    reads: 'package.json lifecycle scripts (pnpm install)',
    source: 'https://github.com/pnpm/action-setup#run_install',
  },
  {
    action: 'docker/build-push-action',
    when: 'context',
    reads: 'the Dockerfile in the given context (RUN instructions)',
    source: 'https://github.com/docker/build-push-action#path-context',
  },
  {
    action: 'gradle/gradle-build-action',
    when: 'arguments',
    reads: 'the Gradle build scripts',
    source: 'https://github.com/gradle/gradle-build-action#readme',
  },
  {
    action: 'py-actions/py-dependency-install',
    reads: 'requirements.txt',
    source: 'https://github.com/py-actions/py-dependency-install#readme',
  },
  {
    action: 'super-linter/super-linter',
    reads: 'linter configurations (e.g. eslint.config.js) from the repository',
    source: 'https://github.com/super-linter/super-linter#configure-super-linter',
  },
  {
    action: 'github/super-linter',
    reads: 'linter configurations (e.g. eslint.config.js) from the repository',
    source: 'https://github.com/super-linter/super-linter#configure-super-linter',
  },
  {
    action: 'reviewdog/action-eslint',
    reads: 'the ESLint configuration and plugins',
    source: 'https://github.com/reviewdog/action-eslint#readme',
  },
  {
    action: 'reviewdog/action-rubocop',
    reads: '.rubocop.yml require/plugins (Ruby files)',
    source: 'https://github.com/reviewdog/action-rubocop#readme',
  },
  {
    action: 'oxsecurity/megalinter',
    reads: 'the configurations of the linters it runs (eslint.config.js and others load code)',
    source: 'https://megalinter.io/latest/config-file/',
  },
  {
    action: 'bridgecrewio/checkov-action',
    reads: '.checkov.yaml, whose external checks are Python modules',
    source: 'https://github.com/bridgecrewio/checkov-action#readme',
  },
  {
    action: 'docker/bake-action',
    reads: 'bake files (docker-bake.hcl) and the Dockerfiles they build',
    source: 'https://github.com/docker/bake-action#readme',
  },
  {
    action: 'goreleaser/goreleaser-action',
    reads: '.goreleaser.yaml (its before hooks run commands) and the Go build',
    source: 'https://goreleaser.com/customization/hooks/',
  },
  {
    action: 'actions-rs/cargo',
    reads: 'build.rs and proc macros of the crate it builds',
    source: 'https://github.com/actions-rs/cargo#readme',
  },
  {
    action: 'hynek/build-and-inspect-python-package',
    reads: 'the package build backend',
    source: 'https://github.com/hynek/build-and-inspect-python-package#readme',
  },
  {
    action: 'pypa/cibuildwheel',
    reads: 'the package build backend and test-command',
    source: 'https://cibuildwheel.pypa.io/en/stable/options/',
  },
  {
    action: 'pyo3/maturin-action',
    reads: 'the Cargo build (build.rs, proc macros) of the extension',
    source: 'https://github.com/PyO3/maturin-action#readme',
  },
  { action: 'magefile/mage-action', reads: 'magefile.go', source: 'https://github.com/magefile/mage-action#readme' },
  {
    action: 'dflook/terraform-plan',
    reads: 'the Terraform configuration (providers, modules, external data sources)',
    source: 'https://github.com/dflook/terraform-github-actions/tree/main/terraform-plan',
  },
  {
    action: 'dflook/terraform-apply',
    reads: 'the Terraform configuration (providers, modules, external data sources)',
    source: 'https://github.com/dflook/terraform-github-actions/tree/main/terraform-apply',
  },
  {
    action: 'dflook/tofu-plan',
    reads: 'the OpenTofu configuration (providers, modules, external data sources)',
    source: 'https://github.com/dflook/terraform-github-actions/tree/main/tofu-plan',
  },
  {
    action: 'dflook/tofu-apply',
    reads: 'the OpenTofu configuration (providers, modules, external data sources)',
    source: 'https://github.com/dflook/terraform-github-actions/tree/main/tofu-apply',
  },
  { action: 'pulumi/actions', reads: 'the Pulumi program', source: 'https://github.com/pulumi/actions#readme' },
  {
    action: 'js-devtools/npm-publish',
    reads: 'package.json prepack/prepare/postpack scripts, which npm publish runs',
    source: 'https://github.com/JS-DevTools/npm-publish#readme',
  },
  {
    action: 'wearerequired/lint-action',
    reads: 'linter configurations from the repository',
    source: 'https://github.com/wearerequired/lint-action#readme',
  },
];

/** Actions whose shell inputs run somewhere else (a remote host), not in the workspace. */
const REMOTE_SHELL_ACTIONS = new Set(['appleboy/ssh-action', 'garygrossgarten/github-action-ssh']);

const SCRIPT_FILE = /\.(sh|bash|py|js|mjs|cjs|ts|rb|pl|php|ps1)$/i;

export interface WorkspaceExecution {
  step: Step;
  at: Origin;
  /** What runs it, for messages: `npm ci`, `./scripts/build.sh`, `local action ./.github/actions/x`. */
  tool: string;
  reads: string;
  /** Offset in the step script (commands): only commands after a checkout in the same step count. */
  scriptOffset?: number;
  /** Script text before the command in the same step (where `cd dir` would be). */
  before: string;
  /** The command's own arguments, or the action's input values. */
  args: readonly string[];
  /** The script file it runs, for interpreters and scripts run by path. */
  file?: string;
}

const BY_NAME = new Map<string, BuildTool>();
for (const tool of BUILD_TOOLS) for (const name of [tool.command, ...(tool.aliases ?? [])]) BY_NAME.set(name, tool);

function toolFor(name: string): BuildTool | undefined {
  const lower = name.toLowerCase().replace(/\.(exe|cmd|bat)$/, '');
  return BY_NAME.get(lower) ?? BY_NAME.get(lower.replace(/\d+(\.\d+)*$/, ''));
}

function operands(args: readonly string[]): string[] {
  return args.filter((a) => !a.startsWith('-'));
}

function isWorkspaceFile(arg: string): boolean {
  if (arg === '' || /^[/~<>(|-]/.test(arg) || arg.startsWith('$(') || arg.includes('://')) return false;
  if (arg.startsWith('$RUNNER_TEMP') || arg.startsWith('${RUNNER_TEMP') || arg.includes('runner.temp')) return false;
  return arg.includes('/') || SCRIPT_FILE.test(arg);
}

function hasLocalSource(args: readonly string[]): boolean {
  return args.some((a, i) => {
    if (a === '-r' || a === '--requirement' || a === '-e' || a === '--editable' || a === '-c' || a === '--constraint') return true;
    if (a.startsWith('-r') && a.length > 2) return true;
    const prev = args[i - 1];
    if (prev && /^-(-index-url|-extra-index-url|i|-find-links|f)$/.test(prev)) return false;
    return (
      a === '.' ||
      a.startsWith('./') ||
      a.startsWith('../') ||
      /^\.\[/.test(a) ||
      (a.includes('/') && !a.includes('://') && !a.startsWith('-'))
    );
  });
}

/** Does this invocation of a known tool run workspace code? */
function matchTool(tool: BuildTool, args: readonly string[], depth: number): { tool: BuildTool; label: string; file?: string } | undefined {
  const ops = operands(args);
  if (tool.command === 'python') {
    const module = args.indexOf('-m');
    if (module >= 0 && args[module + 1]) {
      const inner = toolFor(args[module + 1] as string);
      if (inner && depth < 3) return matchTool(inner, args.slice(module + 2), depth + 1);
      return undefined;
    }
    if (args.includes('-c')) return undefined;
  }
  if (tool.fileOperand) {
    if (args.some((a) => a === '-c' || a === '-e' || a === '--eval' || a === '-Command' || a === '-r')) return undefined;
    const file = ops[0];
    if (file === undefined || !isWorkspaceFile(file)) return undefined;
    return { tool, label: `${tool.command} ${file}`, file };
  }
  let sub: string | undefined;
  if (tool.subcommands) {
    // `cargo +nightly test`: a rustup toolchain override comes before the subcommand.
    const words = tool.command === 'cargo' ? args.filter((a) => !a.startsWith('+')) : args;
    const ops = operandsOf(words, tool.optionsWithValue);
    const two = ops.slice(0, 2).join(' ');
    sub = tool.subcommands.find((s) => s === two) ?? tool.subcommands.find((s) => s === ops[0]);
    if (!sub) return undefined;
  }
  if (tool.localSource && !hasLocalSource(args)) return undefined;
  if (tool.disabledBy?.every((flag) => args.includes(flag))) {
    // npm/pnpm scripts named explicitly still run with --ignore-scripts.
    if (
      !(tool.command === 'npm' && sub && ['test', 't', 'tst', 'run', 'run-script', 'start', 'stop', 'restart', 'exec', 'x'].includes(sub))
    )
      return undefined;
  }
  if (tool.command === 'npm' && (args.includes('-g') || args.includes('--global'))) return undefined;
  if (tool.command === 'cargo' && sub === 'install' && !args.includes('--path')) return undefined;
  if (tool.command === 'go' && sub === 'run' && ops[1]?.includes('@')) return undefined;
  if ((tool.command === 'yarn' || tool.command === 'pnpm') && ops[0] === 'dlx') return undefined;
  if (tool.command === 'npx' && ops.length === 0) return undefined;
  const first = ops[0];
  const label = sub ? `${tool.command} ${sub}` : first && /^[\w:.-]+$/.test(first) ? `${tool.command} ${first}` : tool.command;
  return { tool, label };
}

/** The command word as written (after `VAR=value` prefixes). */
function commandWord(text: string): string {
  const words = text.trim().split(/\s+/);
  for (const word of words) if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) return word.replace(/^["']|["']$/g, '');
  return '';
}

function isRelativeCommand(word: string): boolean {
  if (word.startsWith('./') || word.startsWith('../')) return true;
  if (/^\$\{?GITHUB_WORKSPACE\}?\//.test(word) || /^\$\{\{\s*github\.workspace\s*\}\}\//.test(word)) return true;
  return word.includes('/') && !word.startsWith('/') && !word.startsWith('$') && !word.startsWith('~') && !word.includes('://');
}

/** Workspace executions among shell commands (with `bash -c '...'` bodies analysed as well). */
export interface CommandExecution {
  command: CommandUse;
  tool: string;
  reads: string;
  /** The script file it runs, for interpreters and scripts run by path. */
  file?: string;
}

export function commandExecutions(commands: readonly CommandUse[], script: string, depth = 0): CommandExecution[] {
  const out: CommandExecution[] = [];
  for (const command of commands) {
    const text = script.slice(command.start, command.end);
    const word = commandWord(text);
    const tool = toolFor(command.name);
    if (tool && (tool.command === 'bash' || tool.command === 'pwsh') && depth < 2) {
      const inline = command.args.indexOf(tool.command === 'bash' ? '-c' : '-Command');
      const body = inline >= 0 ? command.args[inline + 1] : undefined;
      if (body !== undefined) {
        try {
          const inner = analyzeShell(body, tool.command === 'bash' ? 'bash' : 'pwsh');
          for (const hit of commandExecutions(inner.commands, body, depth + 1)) out.push({ ...hit, command });
        } catch {
          // An unparsable body is not evidence either way.
        }
        continue;
      }
    }
    if (tool) {
      const match = matchTool(tool, command.args, 0);
      if (match) out.push({ command, tool: match.label, reads: match.tool.reads, file: match.file });
      continue;
    }
    if (isRelativeCommand(word)) out.push({ command, tool: word, reads: 'the script itself', file: word });
  }
  return out;
}

function inputValue(step: Step, name: string): string | undefined {
  return step.inputs.find((i) => i.name.toLowerCase() === name)?.value.value.trim();
}

/** Everything in a step that runs files from the workspace. */
export function workspaceExecutions(step: Step, job: Job): WorkspaceExecution[] {
  const out: WorkspaceExecution[] = [];
  if (step.uses) {
    const inputs = step.inputs.map((i) => i.value.value.trim());
    if (step.uses.isLocal && step.uses.kind === 'action') {
      out.push({
        step,
        at: step.uses.origin,
        tool: `local action ${step.uses.raw}`,
        reads: 'its action.yml and scripts',
        before: '',
        args: inputs,
      });
      return out;
    }
    const name = step.uses.name.toLowerCase();
    const known = WORKSPACE_CODE_ACTIONS.find((a) => a.action === name);
    if (known) {
      const value = known.when ? inputValue(step, known.when) : 'yes';
      if (value !== undefined && value !== '' && value.toLowerCase() !== 'false') {
        out.push({ step, at: step.uses.origin, tool: step.uses.name, reads: known.reads, before: '', args: inputs });
      }
    }
    if (!REMOTE_SHELL_ACTIONS.has(name)) {
      for (const input of step.inputs) {
        if (input.sink !== 'shell') continue;
        let facts: ReturnType<typeof analyzeShell>;
        try {
          facts = analyzeShell(input.value.value, 'bash');
        } catch {
          continue;
        }
        for (const hit of commandExecutions(facts.commands, input.value.value)) {
          const before = input.value.value.slice(0, hit.command.start);
          out.push({
            step,
            at: input.value.origin,
            tool: hit.tool,
            reads: hit.reads,
            before,
            args: [...hit.command.args, ...inputs],
            file: hit.file,
          });
        }
      }
    }
    return out;
  }
  const script = stepScript(step, job);
  if (!script) return out;
  const text = script.template.value;
  for (const hit of commandExecutions(script.facts.commands, text)) {
    out.push({
      step,
      at: script.origin(hit.command.start, hit.command.end),
      tool: hit.tool,
      reads: hit.reads,
      scriptOffset: hit.command.start,
      before: text.slice(0, hit.command.start),
      args: hit.command.args,
      file: hit.file,
    });
  }
  return out;
}
