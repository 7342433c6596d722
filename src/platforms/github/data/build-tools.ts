/**
 * Commands and actions that run files from the checked-out repository ("living off the
 * pipeline"): after an untrusted checkout, any of these hands the attacker code execution even
 * when no expression is injected anywhere.
 *
 * The catalogue started from BoostSecurity's LOTP inventory (https://boostsecurityio.github.io/lotp/),
 * poutine's `untrusted_checkout_exec` rule and CodeQL's `poisonable_steps.yml`; every entry cites
 * the tool's own documentation for the mechanism instead.
 *
 * Matching (`buildToolFor`): the command's base name is looked up (`./gradlew.bat` -> `gradlew`,
 * `python3.12` -> `python`); wrappers such as `sudo`, `env X=1` and `timeout` are skipped. Then:
 * - `subcommands` undefined: any invocation runs repository files (make, gradle, tox...).
 * - `subcommands`: the leading operands must spell one of them (`npm ci`, `docker buildx build`,
 *   `go test`); option values listed in `optionsWithValue` are skipped first.
 * - `runsFileOperand`: interpreters; they run repository code when the first operand (or the value
 *   of a `fileFlags` option) is a workspace file, not with `inlineFlags` code or stdin.
 * - `needsLocalSource`: pip-like installers only run repository code for `-r`/`-e`/local paths.
 * - `disabledBy`: flags that turn the repository-code part off for the listed subcommands.
 * A command written as a relative path that is not otherwise known (`./build.sh`, `bin/setup`)
 * matches `LOCAL_SCRIPT`.
 *
 * Deliberately absent: `tsc` (reads tsconfig.json but runs no repository code), `go build` /
 * `go install` / `go vet` (the go command does not run module code for these; cgo flags are
 * allow-listed), `ruff` and `black` (no plugin loading), `git` (hooks and filters come from local
 * configuration, which a checkout cannot set).
 */
import { ActionTable, isLocalActionRef } from './action-names.js';
import {
  commandBaseName,
  hasFlag,
  isRelativeCommandPath,
  isWorkspaceFile,
  matchSubcommand,
  operandsOf,
  unwrapCommand,
} from './command-line.js';

export type Confidence = 'high' | 'medium' | 'low';

export interface BuildTool {
  command: string;
  aliases?: readonly string[];
  subcommands?: readonly string[];
  optionsWithValue?: readonly string[];
  runsFileOperand?: boolean;
  fileFlags?: readonly string[];
  inlineFlags?: readonly string[];
  /** Flags whose mere presence means repository code runs (e.g. `node --test`). */
  matchFlags?: readonly string[];
  needsLocalSource?: boolean;
  reads: string;
  disabledBy?: { flags: readonly string[]; subcommands?: readonly string[]; note?: string };
  confidence?: Confidence;
  note?: string;
  source: string;
}

const NPM_INSTALL = [
  'install',
  'i',
  'in',
  'ins',
  'inst',
  'insta',
  'instal',
  'isnt',
  'isnta',
  'isntal',
  'isntall',
  'add',
  'ci',
  'clean-install',
  'ic',
  'install-clean',
  'isntall-clean',
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
  'audit fix',
];
const NPM_SCRIPTS = [
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
  'version',
  'pack',
  'publish',
  'exec',
  'x',
  'explore',
];
const DOCKER_OPTS = [
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
const CARGO_OPTS = [
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
  // JavaScript and TypeScript.
  {
    command: 'npm',
    subcommands: [...NPM_INSTALL, ...NPM_SCRIPTS],
    optionsWithValue: ['--prefix', '-C', '--workspace', '-w', '--registry', '--userconfig', '--cache'],
    reads:
      'package.json scripts and lifecycle hooks (preinstall/install/postinstall/prepare...) of the project and its dependencies; .npmrc (registry, node-options such as --require, script-shell)',
    disabledBy: {
      flags: ['--ignore-scripts'],
      subcommands: NPM_INSTALL,
      note: 'Commands that name a script (run, test, start...) still run it with --ignore-scripts.',
    },
    source: 'https://docs.npmjs.com/cli/v10/using-npm/scripts',
  },
  {
    command: 'npx',
    reads: "binaries of the project's dependencies (a local package of that name wins over the registry) and .npmrc",
    confidence: 'medium',
    source: 'https://docs.npmjs.com/cli/v10/commands/npx',
  },
  {
    command: 'yarn',
    reads:
      'package.json scripts and lifecycle hooks; .yarnrc.yml (yarnPath runs a JavaScript file from the repository for every yarn command, plugins) and .yarnrc',
    note: 'Neither --ignore-scripts nor enableScripts: false stops yarnPath or plugins.',
    source: 'https://yarnpkg.com/configuration/yarnrc#yarnPath',
  },
  {
    command: 'pnpm',
    reads: 'package.json scripts (pnpm <name> runs a script of that name), lifecycle hooks, .pnpmfile.cjs hooks, .npmrc',
    source: 'https://pnpm.io/pnpmfile',
  },
  {
    command: 'bun',
    aliases: ['bunx'],
    reads: "package.json scripts and the root project's lifecycle hooks, bunfig.toml (preload scripts), files passed to bun run",
    source: 'https://bun.sh/docs/install/lifecycle',
  },
  {
    command: 'deno',
    subcommands: ['run', 'test', 'task', 'bench', 'serve'],
    reads: 'deno.json tasks and the named scripts (limited by Deno permissions unless -A is given)',
    source: 'https://docs.deno.com/runtime/reference/cli/task/',
  },
  {
    command: 'node',
    aliases: ['nodejs'],
    runsFileOperand: true,
    fileFlags: ['-r', '--require', '--import'],
    inlineFlags: ['-e', '--eval', '-p', '--print'],
    matchFlags: ['--test'],
    optionsWithValue: ['--conditions', '-C', '--input-type', '--loader', '--experimental-loader'],
    reads: "the named script and modules it requires; node --test runs the repository's test files",
    source: 'https://nodejs.org/api/cli.html',
  },
  {
    command: 'tsx',
    aliases: ['ts-node'],
    runsFileOperand: true,
    inlineFlags: ['-e', '--eval', '-p', '--print'],
    reads: 'the named TypeScript file',
    source: 'https://tsx.is/',
  },
  { command: 'turbo', reads: 'turbo.json tasks, which run package.json scripts', source: 'https://turborepo.com/docs/reference/run' },
  { command: 'nx', reads: 'nx.json, project.json targets and Nx plugins (JavaScript)', source: 'https://nx.dev/reference/nx-json' },
  {
    command: 'lerna',
    subcommands: ['run', 'exec', 'publish', 'version', 'bootstrap'],
    reads: 'package.json scripts of every package',
    source: 'https://lerna.js.org/docs/api-reference/commands',
  },
  { command: 'grunt', reads: 'Gruntfile.js', source: 'https://gruntjs.com/getting-started' },
  { command: 'gulp', reads: 'gulpfile.js', source: 'https://gulpjs.com/docs/en/getting-started/javascript-and-gulpfiles' },
  {
    command: 'eslint',
    reads: 'eslint.config.js / .eslintrc.js and the plugins they load',
    source: 'https://eslint.org/docs/latest/use/configure/configuration-files',
  },
  { command: 'prettier', reads: 'prettier.config.js / .prettierrc.js and plugins', source: 'https://prettier.io/docs/configuration' },
  { command: 'stylelint', reads: 'stylelint.config.js and plugins', source: 'https://stylelint.io/user-guide/configure' },
  { command: 'jest', reads: 'jest.config.js, setup files and the test files', source: 'https://jestjs.io/docs/configuration' },
  { command: 'vitest', reads: 'vitest.config.ts / vite.config.ts and the test files', source: 'https://vitest.dev/config/' },
  { command: 'mocha', reads: '.mocharc.js and the test files', source: 'https://mochajs.org/#configuring-mocha-nodejs' },
  {
    command: 'webpack',
    aliases: ['webpack-cli'],
    reads: 'webpack.config.js and loaders/plugins',
    source: 'https://webpack.js.org/configuration/',
  },
  { command: 'vite', reads: 'vite.config.js / vite.config.ts and plugins', source: 'https://vite.dev/config/' },
  {
    command: 'rollup',
    reads: 'rollup.config.js (with -c) and plugins',
    source: 'https://rollupjs.org/command-line-interface/#configuration-files',
  },
  {
    command: 'playwright',
    subcommands: ['test'],
    reads: 'playwright.config.ts and the test files',
    source: 'https://playwright.dev/docs/test-configuration',
  },
  {
    command: 'cypress',
    subcommands: ['run', 'open'],
    reads: 'cypress.config.js and the spec files',
    source: 'https://docs.cypress.io/app/references/configuration',
  },
  // Python.
  {
    command: 'python',
    aliases: ['py'],
    runsFileOperand: true,
    inlineFlags: ['-c'],
    optionsWithValue: ['-W', '-X', '--check-hash-based-pycs'],
    reads: 'the named script (python setup.py runs the setuptools build); python -m <tool> is matched as that tool',
    source: 'https://docs.python.org/3/using/cmdline.html',
  },
  {
    command: 'pip',
    subcommands: ['install', 'wheel', 'download'],
    needsLocalSource: true,
    reads:
      'requirements files (which may set --index-url/--extra-index-url and local paths) and local projects (., -e): pip runs their build backend (setup.py, pyproject build hooks)',
    source: 'https://pip.pypa.io/en/stable/cli/pip_install/',
  },
  {
    command: 'uv',
    subcommands: ['sync', 'run', 'build', 'add', 'pip'],
    reads:
      'pyproject.toml and uv.lock: the project is built with its build backend; uv run runs commands in that environment; uv pip is matched like pip',
    source: 'https://docs.astral.sh/uv/reference/cli/',
  },
  {
    command: 'poetry',
    subcommands: ['install', 'sync', 'run', 'build', 'shell', 'add', 'update'],
    reads: 'pyproject.toml: the root package is installed and built (build scripts), poetry run runs commands',
    source: 'https://python-poetry.org/docs/cli/',
  },
  {
    command: 'pipenv',
    subcommands: ['install', 'sync', 'run', 'shell', 'update'],
    reads: 'Pipfile (local editable packages, [scripts] for pipenv run)',
    source: 'https://pipenv.pypa.io/en/latest/cli.html',
  },
  {
    command: 'pdm',
    subcommands: ['install', 'sync', 'run', 'build', 'add', 'update'],
    reads: 'pyproject.toml scripts and build backend',
    source: 'https://pdm-project.org/en/latest/reference/cli/',
  },
  {
    command: 'hatch',
    subcommands: ['run', 'build', 'test', 'shell', 'env'],
    reads: 'hatch.toml / pyproject.toml environment scripts and build hooks',
    source: 'https://hatch.pypa.io/latest/cli/reference/',
  },
  {
    command: 'pyproject-build',
    reads: 'pyproject.toml build backend (python -m build)',
    source: 'https://build.pypa.io/en/stable/',
  },
  { command: 'tox', reads: 'tox.ini / pyproject.toml commands and the package build', source: 'https://tox.wiki/en/latest/config.html' },
  { command: 'nox', reads: 'noxfile.py', source: 'https://nox.thea.codes/en/stable/config.html' },
  {
    command: 'pytest',
    aliases: ['py.test'],
    reads: 'conftest.py files, plugins named in pytest.ini/pyproject.toml, the test files',
    source: 'https://docs.pytest.org/en/stable/how-to/writing_plugins.html#conftest-py-plugins',
  },
  {
    command: 'pylint',
    reads: '.pylintrc / pyproject.toml (init-hook runs Python code, load-plugins imports modules)',
    source: 'https://pylint.readthedocs.io/en/stable/user_guide/configuration/all-options.html#init-hook',
  },
  {
    command: 'mypy',
    reads: 'mypy configuration plugins (imported Python modules)',
    source: 'https://mypy.readthedocs.io/en/stable/extending_mypy.html#configuring-mypy-to-use-plugins',
  },
  {
    command: 'flake8',
    reads: 'flake8 configuration local-plugins (Python modules on a repository path)',
    source: 'https://flake8.pycqa.org/en/latest/user/configuration.html#using-local-plugins',
  },
  {
    command: 'sphinx-build',
    reads: 'conf.py (Python) and extensions',
    source: 'https://www.sphinx-doc.org/en/master/usage/configuration.html',
  },
  {
    command: 'mkdocs',
    subcommands: ['build', 'serve', 'gh-deploy'],
    reads: 'mkdocs.yml hooks (Python files) and plugins',
    source: 'https://www.mkdocs.org/user-guide/configuration/#hooks',
  },
  { command: 'invoke', aliases: ['inv'], reads: 'tasks.py', source: 'https://docs.pyinvoke.org/en/stable/getting-started.html' },
  // Ruby.
  {
    command: 'bundle',
    aliases: ['bundler'],
    reads: 'Gemfile (Ruby code) and gemspecs; bundle exec runs the named command',
    source: 'https://bundler.io/man/gemfile.5.html',
  },
  { command: 'rake', reads: 'Rakefile and rakelib/*.rake', source: 'https://ruby.github.io/rake/doc/rakefile_rdoc.html' },
  {
    command: 'rails',
    reads: 'the application (config/*.rb, initializers) booted by most commands',
    source: 'https://guides.rubyonrails.org/command_line.html',
  },
  { command: 'rubocop', reads: '.rubocop.yml require/plugins (Ruby files)', source: 'https://docs.rubocop.org/rubocop/extensions.html' },
  { command: 'gem', subcommands: ['build'], reads: 'the .gemspec (Ruby code)', source: 'https://guides.rubygems.org/make-your-own-gem/' },
  {
    command: 'ruby',
    runsFileOperand: true,
    inlineFlags: ['-e'],
    optionsWithValue: ['-I', '-r'],
    reads: 'the named script',
    source: 'https://docs.ruby-lang.org/en/master/ruby/options_md.html',
  },
  {
    command: 'pod',
    subcommands: ['install', 'update'],
    reads: 'Podfile (Ruby code)',
    source: 'https://guides.cocoapods.org/syntax/podfile.html',
  },
  { command: 'fastlane', reads: 'fastlane/Fastfile (Ruby code)', source: 'https://docs.fastlane.tools/advanced/Fastfile/' },
  {
    command: 'jekyll',
    subcommands: ['build', 'b', 'serve', 's'],
    reads: '_plugins/*.rb and the Gemfile plugins',
    disabledBy: { flags: ['--safe'], note: 'Safe mode disables custom plugins (GitHub Pages builds use it).' },
    source: 'https://jekyllrb.com/docs/plugins/installation/',
  },
  // PHP.
  {
    command: 'composer',
    reads: 'composer.json scripts (run on install/update and as composer <name>) and Composer plugins',
    note: 'Both --no-scripts and --no-plugins are needed to stop repository code.',
    source: 'https://getcomposer.org/doc/articles/scripts.md',
  },
  { command: 'phpunit', reads: 'phpunit.xml bootstrap file and the tests', source: 'https://docs.phpunit.de/en/11.5/configuration.html' },
  { command: 'phpstan', reads: 'phpstan.neon bootstrapFiles (PHP)', source: 'https://phpstan.org/config-reference#bootstrap' },
  {
    command: 'php',
    runsFileOperand: true,
    inlineFlags: ['-r'],
    optionsWithValue: ['-c', '-d'],
    reads: 'the named script (php artisan, php bin/console...)',
    source: 'https://www.php.net/manual/en/features.commandline.options.php',
  },
  // JVM.
  {
    command: 'gradle',
    reads: 'build.gradle(.kts), settings.gradle, buildSrc, init scripts and gradle.properties',
    source: 'https://docs.gradle.org/current/userguide/build_lifecycle.html',
  },
  {
    command: 'gradlew',
    reads: 'the gradlew script, gradle/wrapper/gradle-wrapper.jar and its properties (distributionUrl), then the Gradle build scripts',
    source: 'https://docs.gradle.org/current/userguide/gradle_wrapper.html',
  },
  {
    command: 'mvn',
    reads: 'pom.xml plugins and profiles, .mvn/extensions.xml, .mvn/maven.config and jvm.config',
    source: 'https://maven.apache.org/configure.html',
  },
  {
    command: 'mvnw',
    reads: 'the mvnw script and .mvn/wrapper/maven-wrapper.properties, then the Maven build',
    source: 'https://maven.apache.org/wrapper/',
  },
  { command: 'ant', reads: 'build.xml (exec, script and java tasks)', source: 'https://ant.apache.org/manual/using.html' },
  { command: 'sbt', reads: 'build.sbt and project/*.scala|*.sbt', source: 'https://www.scala-sbt.org/1.x/docs/Basic-Def.html' },
  {
    command: 'java',
    runsFileOperand: true,
    fileFlags: ['-jar'],
    optionsWithValue: ['-cp', '-classpath', '--class-path', '-p', '--module-path', '-m', '--module'],
    reads: 'the named jar, source file or main class from the workspace classpath',
    confidence: 'medium',
    source: 'https://docs.oracle.com/en/java/javase/21/docs/specs/man/java.html',
  },
  // .NET.
  {
    command: 'dotnet',
    subcommands: ['build', 'clean', 'msbuild', 'pack', 'publish', 'restore', 'run', 'test', 'watch', 'format', 'tool run'],
    reads:
      'project files and MSBuild targets (Exec tasks), Directory.Build.props/.targets imported automatically, NuGet.config sources, .config/dotnet-tools.json',
    source: 'https://learn.microsoft.com/en-us/visualstudio/msbuild/customize-by-directory',
  },
  {
    command: 'msbuild',
    reads: 'project files, Directory.Build.props/.targets and their Exec tasks',
    source: 'https://learn.microsoft.com/en-us/visualstudio/msbuild/exec-task',
  },
  // Native build systems and task runners.
  {
    command: 'make',
    aliases: ['gmake', 'mingw32-make'],
    optionsWithValue: ['-C', '-f', '--directory', '--file', '--makefile', '-I', '-o', '-W'],
    reads: 'Makefile recipes; $(shell ...) in the makefile runs even with -n',
    source: 'https://www.gnu.org/software/make/manual/make.html',
  },
  {
    command: 'cmake',
    reads: 'CMakeLists.txt (execute_process, custom commands) and the generated build',
    source: 'https://cmake.org/cmake/help/latest/command/execute_process.html',
  },
  { command: 'ctest', reads: 'tests defined by CMakeLists.txt', source: 'https://cmake.org/cmake/help/latest/manual/ctest.1.html' },
  {
    command: 'meson',
    reads: 'meson.build (run_command, custom targets)',
    source: 'https://mesonbuild.com/Reference-manual_functions.html#run_command',
  },
  { command: 'ninja', reads: 'build.ninja rules', source: 'https://ninja-build.org/manual.html' },
  {
    command: 'bazel',
    aliases: ['bazelisk'],
    reads:
      'BUILD/.bzl files, repository rules (which run commands while fetching), .bazelrc, .bazelversion (bazelisk downloads that version)',
    source: 'https://bazel.build/extending/repo',
  },
  {
    command: 'configure',
    reads: 'the configure script (autoconf output or hand written)',
    source: 'https://www.gnu.org/software/autoconf/manual/autoconf.html',
  },
  { command: 'just', reads: 'justfile recipes', source: 'https://just.systems/man/en/' },
  { command: 'task', aliases: ['go-task'], reads: 'Taskfile.yml commands', source: 'https://taskfile.dev/usage/' },
  { command: 'mage', reads: 'magefile.go targets', source: 'https://magefile.org/' },
  { command: 'earthly', reads: 'Earthfile RUN commands (in BuildKit)', source: 'https://docs.earthly.dev/docs/earthfile' },
  {
    command: 'nix',
    subcommands: ['build', 'develop', 'run', 'shell', 'flake check', 'print-dev-env'],
    reads: 'flake.nix / default.nix: builders (sandboxed on Linux by default) and shellHook (unsandboxed in develop/shell)',
    source: 'https://nix.dev/manual/nix/latest/command-ref/new-cli/nix3-develop',
  },
  { command: 'nix-build', reads: 'default.nix derivations', source: 'https://nix.dev/manual/nix/latest/command-ref/nix-build' },
  {
    command: 'nix-shell',
    reads: 'shell.nix / default.nix, including shellHook',
    source: 'https://nix.dev/manual/nix/latest/command-ref/nix-shell',
  },
  {
    command: 'xcodebuild',
    reads: 'Run Script build phases of the Xcode project',
    source: 'https://developer.apple.com/documentation/xcode/customizing-the-build-phases-of-a-target',
  },
  {
    command: 'swift',
    subcommands: ['build', 'test', 'run', 'package'],
    reads: 'Package.swift (compiled and executed) and package plugins',
    source: 'https://www.swift.org/documentation/package-manager/',
  },
  {
    command: 'flutter',
    subcommands: ['build', 'test', 'run'],
    reads: "the app and its platform builds (Android builds run the repository's Gradle scripts)",
    source: 'https://docs.flutter.dev/reference/flutter-cli',
  },
  { command: 'dart', subcommands: ['run', 'test'], reads: "the package's Dart code", source: 'https://dart.dev/tools/dart-tool' },
  { command: 'mix', reads: 'mix.exs (Elixir code)', source: 'https://hexdocs.pm/mix/Mix.html' },
  // Go and Rust.
  {
    command: 'go',
    subcommands: ['generate', 'test', 'run', 'tool'],
    optionsWithValue: ['-C'],
    reads: '//go:generate directives, test code, main packages and go.mod tool directives',
    note: 'go build, go install and go vet do not run module code.',
    source: 'https://pkg.go.dev/cmd/go#hdr-Generate_Go_files_by_processing_source',
  },
  {
    command: 'cargo',
    subcommands: [
      'build',
      'b',
      'check',
      'c',
      'test',
      't',
      'run',
      'r',
      'bench',
      'doc',
      'd',
      'clippy',
      'install',
      'fix',
      'publish',
      'package',
      'rustc',
      'rustdoc',
    ],
    optionsWithValue: CARGO_OPTS,
    reads: 'build.rs scripts and proc macros of the package and its dependencies; .cargo/config.toml (runner, rustc-wrapper, linker)',
    source: 'https://doc.rust-lang.org/cargo/reference/build-scripts.html',
  },
  {
    command: 'golangci-lint',
    subcommands: ['run'],
    reads: '.golangci.yml (custom linters as Go plugins loaded from a configured path)',
    confidence: 'medium',
    source: 'https://golangci-lint.run/plugins/go-plugins/',
  },
  // Infrastructure as code.
  {
    command: 'terraform',
    subcommands: TERRAFORM_SUBS,
    optionsWithValue: ['-chdir'],
    reads:
      '*.tf: providers and modules named by the configuration are downloaded and executed; external data sources and local-exec provisioners run commands',
    source: 'https://registry.terraform.io/providers/hashicorp/external/latest/docs/data-sources/external',
  },
  {
    command: 'tofu',
    subcommands: TERRAFORM_SUBS,
    reads:
      '*.tf / *.tofu: providers and modules named by the configuration are downloaded and executed; external data sources and local-exec provisioners run commands',
    source: 'https://opentofu.org/docs/cli/commands/',
  },
  {
    command: 'terragrunt',
    reads: 'terragrunt.hcl (run_cmd, hooks) and the Terraform configuration',
    source: 'https://terragrunt.gruntwork.io/docs/reference/hcl/functions/#run_cmd',
  },
  {
    command: 'pulumi',
    subcommands: ['up', 'update', 'preview', 'destroy', 'refresh', 'watch'],
    reads: 'the Pulumi program named by Pulumi.yaml',
    source: 'https://www.pulumi.com/docs/iac/concepts/how-pulumi-works/',
  },
  {
    command: 'cdk',
    subcommands: ['synth', 'synthesize', 'deploy', 'diff', 'destroy', 'ls', 'list', 'watch'],
    reads: 'the app command in cdk.json',
    source: 'https://docs.aws.amazon.com/cdk/v2/guide/cli.html',
  },
  {
    command: 'tflint',
    reads: '.tflint.hcl plugins (binaries fetched by --init from the configured source and executed)',
    confidence: 'medium',
    source: 'https://github.com/terraform-linters/tflint/blob/master/docs/user-guide/plugins.md',
  },
  {
    command: 'checkov',
    reads: '.checkov.yaml external-checks-dir (custom checks are Python modules)',
    confidence: 'medium',
    source: 'https://www.checkov.io/3.Custom%20Policies/Python%20Custom%20Policy.html',
  },
  {
    command: 'packer',
    subcommands: ['build', 'init'],
    reads: 'Packer templates (shell-local provisioners, plugins)',
    source: 'https://developer.hashicorp.com/packer/docs/provisioners/shell-local',
  },
  {
    command: 'ansible-playbook',
    reads: 'playbooks and roles (tasks may run on localhost)',
    source: 'https://docs.ansible.com/ansible/latest/cli/ansible-playbook.html',
  },
  // Containers.
  {
    command: 'docker',
    subcommands: [
      'build',
      'buildx build',
      'buildx b',
      'buildx bake',
      'builder build',
      'image build',
      'compose build',
      'compose up',
      'compose run',
      'compose create',
    ],
    optionsWithValue: DOCKER_OPTS,
    reads:
      'Dockerfile RUN instructions (in the build container, with network access and any secrets or build args passed) and compose files (build contexts, workspace mounts, commands)',
    source: 'https://docs.docker.com/reference/dockerfile/#run',
  },
  {
    command: 'docker-compose',
    subcommands: ['build', 'up', 'run', 'create'],
    optionsWithValue: DOCKER_OPTS,
    reads: 'compose files and the Dockerfiles they build',
    source: 'https://docs.docker.com/compose/',
  },
  {
    command: 'podman',
    subcommands: ['build', 'image build', 'compose build', 'compose up', 'compose run'],
    optionsWithValue: DOCKER_OPTS,
    reads: 'Containerfile/Dockerfile RUN instructions and compose files',
    source: 'https://docs.podman.io/en/latest/markdown/podman-build.1.html',
  },
  {
    command: 'buildah',
    subcommands: ['build', 'bud'],
    reads: 'Containerfile/Dockerfile RUN instructions',
    source: 'https://github.com/containers/buildah/blob/main/docs/buildah-build.1.md',
  },
  // Hook managers.
  {
    command: 'pre-commit',
    subcommands: ['run', 'install-hooks', 'try-repo'],
    reads: '.pre-commit-config.yaml: hook repositories it names and local hooks (language: system/script runs repository commands)',
    note: 'pre-commit install only writes the git hook; the hooks then run on the next commit in the job.',
    source: 'https://pre-commit.com/#repository-local-hooks',
  },
  // Shells and interpreters running a file from the workspace.
  {
    command: 'bash',
    aliases: ['sh', 'zsh', 'dash', 'ksh', 'fish'],
    runsFileOperand: true,
    inlineFlags: ['-c'],
    optionsWithValue: ['-o', '-O', '--rcfile', '--init-file'],
    reads: 'the named script',
    source: 'https://www.gnu.org/software/bash/manual/bash.html#Invoking-Bash',
  },
  {
    command: 'source',
    aliases: ['.'],
    runsFileOperand: true,
    reads: 'the sourced file',
    source: 'https://www.gnu.org/software/bash/manual/bash.html#Bourne-Shell-Builtins',
  },
  {
    command: 'pwsh',
    aliases: ['powershell'],
    runsFileOperand: true,
    fileFlags: ['-file', '-f'],
    inlineFlags: ['-command', '-c', '-encodedcommand', '-ec'],
    optionsWithValue: ['-executionpolicy', '-ex', '-workingdirectory', '-wd', '-configurationname'],
    reads: 'the named .ps1 script',
    source: 'https://learn.microsoft.com/en-us/powershell/module/microsoft.powershell.core/about/about_pwsh',
  },
  {
    command: 'perl',
    runsFileOperand: true,
    inlineFlags: ['-e', '-E'],
    optionsWithValue: ['-I', '-M', '-m'],
    reads: 'the named script',
    source: 'https://perldoc.perl.org/perlrun',
  },
];

/** A command written as a relative path that no table entry names: it runs a repository file. */
export const LOCAL_SCRIPT: BuildTool = {
  command: '<relative path>',
  reads: 'the script or binary at that path in the workspace',
  source: 'https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstepsrun',
};

/** `python -m <module>` modules whose command name differs. */
const PYTHON_MODULES: Record<string, string> = { build: 'pyproject-build', 'py.test': 'pytest' };

/** Local-action note for callers: `uses: ./...` always runs repository code. */
export const LOCAL_ACTION_NOTE =
  "A local action (`uses: ./path`, or `$/path`) is read from the workspace; after an untrusted checkout its action.yml and code are the attacker's.";

const BY_NAME = new Map<string, BuildTool>();
for (const tool of BUILD_TOOLS) {
  BY_NAME.set(tool.command, tool);
  for (const alias of tool.aliases ?? []) BY_NAME.set(alias, tool);
}

function lower(list: readonly string[] | undefined): string[] {
  return (list ?? []).map((s) => s.toLowerCase());
}

/** Whether an interpreter invocation runs a workspace file. */
function runsWorkspaceFile(tool: BuildTool, args: readonly string[]): boolean {
  const caseless = tool.command === 'pwsh';
  const norm = (a: string): string => (caseless ? a.toLowerCase() : a);
  const fileFlags = lower(tool.fileFlags).map(norm);
  const inline = (tool.inlineFlags ?? []).map(norm);
  const valueOpts = (tool.optionsWithValue ?? []).map(norm);
  const matchFlags = tool.matchFlags ?? [];
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] ?? '';
    const arg = norm(raw);
    if (arg === '--') {
      const next = args[i + 1];
      return next !== undefined && isWorkspaceFile(next);
    }
    if (matchFlags.includes(raw)) return true;
    if (inline.includes(arg)) return false;
    if (fileFlags.includes(arg)) {
      const value = args[i + 1];
      if (value !== undefined && isWorkspaceFile(value)) return true;
      i++;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      if (valueOpts.includes(arg)) i++;
      continue;
    }
    return isWorkspaceFile(raw);
  }
  return false;
}

/** pip-style installs that take code from the workspace: -r/-e files or local project paths. */
function installsLocalSource(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') break;
    if (['-r', '--requirement', '-e', '--editable'].includes(arg)) return true;
    if (/^-[re]./.test(arg) || /^--(requirement|editable)=/.test(arg)) return true;
    if (arg.startsWith('-')) continue;
    if (arg === '.' || arg === '..' || arg.startsWith('./') || arg.startsWith('../') || arg.startsWith('.[')) return true;
    if (/\.(whl|tar\.gz|zip)$/.test(arg) && isWorkspaceFile(arg)) return true;
  }
  return false;
}

function subcommandOf(tool: BuildTool, args: readonly string[]): string | undefined {
  if (tool.subcommands === undefined) return '';
  return matchSubcommand(operandsOf(args, tool.optionsWithValue), tool.subcommands);
}

function matchTool(tool: BuildTool, args: readonly string[], depth: number): BuildTool | undefined {
  if (tool.command === 'python') {
    const m = args.indexOf('-m');
    const c = args.indexOf('-c');
    if (m !== -1 && (c === -1 || m < c)) {
      const module = args[m + 1];
      if (module === undefined) return undefined;
      return resolve(PYTHON_MODULES[module] ?? module, args.slice(m + 2), depth + 1, false);
    }
  }
  if (tool.runsFileOperand) return runsWorkspaceFile(tool, args) ? tool : undefined;
  // `cargo +nightly build`: a rustup toolchain override precedes the subcommand.
  const words = tool.command === 'cargo' ? args.filter((a) => !a.startsWith('+')) : args;
  const sub = subcommandOf(tool, words);
  if (sub === undefined) return undefined;
  if (tool.command === 'uv' && sub === 'pip') {
    const at = args.indexOf('pip');
    return resolve('pip', args.slice(at + 1), depth + 1, false);
  }
  if (tool.needsLocalSource && !installsLocalSource(args)) return undefined;
  const off = tool.disabledBy;
  if (off?.flags.some((f) => hasFlag(args, f)) && (off.subcommands === undefined || off.subcommands.includes(sub))) {
    return undefined;
  }
  return tool;
}

function resolve(command: string, args: readonly string[], depth: number, allowLocal: boolean): BuildTool | undefined {
  if (depth > 4) return undefined;
  const tool = BY_NAME.get(commandBaseName(command));
  if (tool !== undefined) return matchTool(tool, args, depth);
  if (allowLocal && isRelativeCommandPath(command)) return LOCAL_SCRIPT;
  return undefined;
}

/**
 * The build tool entry when running `commandName args...` executes files from the repository.
 * `args` are shell words after the command name.
 */
export function buildToolFor(commandName: string, args: readonly string[]): BuildTool | undefined {
  const unwrapped = unwrapCommand(commandName, args);
  if (unwrapped === undefined) return undefined;
  return resolve(unwrapped.command, unwrapped.args, 0, true);
}

export interface LocalCodeAction {
  action: string;
  /** Runs repository code only when this input is set and not `false` (to `equals`, compared case-insensitively, when given). */
  when?: { input: string; equals?: string };
  includeSubpaths?: boolean;
  reads: string;
  confidence?: Confidence;
  note?: string;
  source: string;
}

/** Marketplace actions that build, test or lint the workspace and so run or load its code. */
export const LOCAL_CODE_ACTIONS: readonly LocalCodeAction[] = [
  {
    action: 'docker/build-push-action',
    reads: 'Dockerfile RUN instructions of the build context',
    note: 'Without `context` it builds the Git context of the event SHA, not the workspace; with `context: .` it builds the checked-out files.',
    source: 'https://github.com/docker/build-push-action#git-context',
  },
  {
    action: 'docker/bake-action',
    reads: 'bake files (docker-bake.hcl) and the Dockerfiles they build',
    source: 'https://github.com/docker/bake-action#readme',
  },
  {
    action: 'goreleaser/goreleaser-action',
    reads: '.goreleaser.yaml (before hooks run commands) and the Go build',
    source: 'https://goreleaser.com/customization/hooks/',
  },
  {
    action: 'pre-commit/action',
    reads: '.pre-commit-config.yaml hooks (runs pre-commit run --all-files)',
    source: 'https://github.com/pre-commit/action#readme',
  },
  {
    action: 'gradle/gradle-build-action',
    when: { input: 'arguments' },
    reads: 'the Gradle build, when the deprecated `arguments` input runs it',
    source: 'https://github.com/gradle/gradle-build-action#readme',
  },
  {
    action: 'github/codeql-action/autobuild',
    reads: "the repository's build scripts, detected and run (make, gradle, mvn, dotnet, build.sh...)",
    source:
      'https://docs.github.com/en/code-security/code-scanning/creating-an-advanced-setup-for-code-scanning/codeql-code-scanning-for-compiled-languages#about-autobuild',
  },
  {
    action: 'ruby/setup-ruby',
    when: { input: 'bundler-cache', equals: 'true' },
    reads: 'Gemfile: runs bundle install',
    source: 'https://github.com/ruby/setup-ruby#caching-bundle-install-automatically',
  },
  {
    action: 'pnpm/action-setup',
    when: { input: 'run_install' },
    reads: 'package.json lifecycle scripts and .pnpmfile.cjs: runs pnpm install',
    source: 'https://github.com/pnpm/action-setup#readme',
  },
  {
    action: 'bahmutov/npm-install',
    reads: 'package.json lifecycle scripts: runs npm ci / yarn install',
    source: 'https://github.com/bahmutov/npm-install#readme',
  },
  {
    action: 'cypress-io/github-action',
    reads: 'package.json lifecycle scripts (installs dependencies), cypress.config.js and the specs',
    source: 'https://github.com/cypress-io/github-action#readme',
  },
  {
    action: 'actions-rs/cargo',
    reads: 'build.rs and proc macros: runs the given cargo command',
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
    reads: 'Cargo build (build.rs, proc macros) of the extension',
    source: 'https://github.com/PyO3/maturin-action#readme',
  },
  { action: 'magefile/mage-action', reads: 'magefile.go', source: 'https://github.com/magefile/mage-action#readme' },
  {
    action: 'dflook/terraform-plan',
    reads: 'the Terraform configuration (providers, modules, external data)',
    source: 'https://github.com/dflook/terraform-github-actions/tree/main/terraform-plan',
  },
  {
    action: 'dflook/terraform-apply',
    reads: 'the Terraform configuration (providers, modules, external data)',
    source: 'https://github.com/dflook/terraform-github-actions/tree/main/terraform-apply',
  },
  {
    action: 'dflook/tofu-plan',
    reads: 'the OpenTofu configuration',
    source: 'https://github.com/dflook/terraform-github-actions/tree/main/tofu-plan',
  },
  {
    action: 'dflook/tofu-apply',
    reads: 'the OpenTofu configuration',
    source: 'https://github.com/dflook/terraform-github-actions/tree/main/tofu-apply',
  },
  { action: 'pulumi/actions', reads: 'the Pulumi program', source: 'https://github.com/pulumi/actions#readme' },
  {
    action: 'js-devtools/npm-publish',
    reads: 'package.json prepack/prepare/postpack scripts run by npm publish',
    confidence: 'medium',
    source: 'https://github.com/JS-DevTools/npm-publish#readme',
  },
  {
    action: 'reviewdog/action-eslint',
    reads: 'ESLint configuration and plugins',
    source: 'https://github.com/reviewdog/action-eslint#readme',
  },
  {
    action: 'reviewdog/action-rubocop',
    reads: '.rubocop.yml require/plugins',
    source: 'https://github.com/reviewdog/action-rubocop#readme',
  },
  {
    action: 'oxsecurity/megalinter',
    includeSubpaths: true,
    reads: 'configurations of the many linters it runs (several load code)',
    confidence: 'medium',
    source: 'https://megalinter.io/latest/config-file/',
  },
  {
    action: 'golangci/golangci-lint-action',
    reads: '.golangci.yml (Go plugin linters)',
    confidence: 'low',
    source: 'https://golangci-lint.run/plugins/go-plugins/',
  },
  {
    action: 'bridgecrewio/checkov-action',
    reads: 'external checks (Python) named by configuration',
    confidence: 'medium',
    source: 'https://github.com/bridgecrewio/checkov-action#readme',
  },
  {
    action: 'actions/jekyll-build-pages',
    reads: 'the Jekyll site (_config.yml, themes); listed as poisonable by CodeQL',
    confidence: 'low',
    note: 'GitHub Pages builds run Jekyll in safe mode, so custom _plugins do not load.',
    source: 'https://github.com/github/codeql/blob/main/actions/ql/lib/ext/config/poisonable_steps.yml',
  },
  {
    action: 'sonarsource/sonarcloud-github-action',
    reads: 'sonar-project.properties; listed as poisonable by CodeQL and poutine',
    confidence: 'low',
    source: 'https://github.com/github/codeql/blob/main/actions/ql/lib/ext/config/poisonable_steps.yml',
  },
  {
    action: 'sonarsource/sonarqube-scan-action',
    reads: 'sonar-project.properties; listed as poisonable by poutine',
    confidence: 'low',
    source: 'https://github.com/boostsecurityio/poutine/blob/main/opa/rego/rules/untrusted_checkout_exec.rego',
  },
];

function inputValue(inputs: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const key = name.toLowerCase();
  for (const [k, v] of Object.entries(inputs)) if (k.toLowerCase() === key) return v;
  return undefined;
}

const LOCAL_CODE_TABLE = new ActionTable(LOCAL_CODE_ACTIONS);

/**
 * The entry when a `uses:` step runs workspace code. Local actions are always workspace code and
 * are reported through `isLocalActionRef` / `LOCAL_ACTION_NOTE`, not by this table. `inputs` are
 * the step's `with:` values; entries with `when` need them.
 */
export function localCodeActionFor(uses: string, inputs: Readonly<Record<string, string | undefined>> = {}): LocalCodeAction | undefined {
  if (isLocalActionRef(uses)) return undefined;
  const entry = LOCAL_CODE_TABLE.find(uses);
  if (entry?.when === undefined) return entry;
  const value = inputValue(inputs, entry.when.input);
  if (value === undefined || value.trim() === '' || value.trim().toLowerCase() === 'false') return undefined;
  if (entry.when.equals !== undefined && value.trim().toLowerCase() !== entry.when.equals) return undefined;
  return entry;
}
