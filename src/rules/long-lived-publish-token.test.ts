import { testRule } from '../testing/rule-tester.js';
import rule from './long-lived-publish-token.js';

testRule(rule, {
  valid: [
    {
      name: 'NuGet: trusted publishing through NuGet/login, and a push to GitHub Packages',
      files: `on:
  push:
    tags: ['v*']
jobs:
  nuget:
    runs-on: windows-latest
    permissions:
      id-token: write
    steps:
      - uses: NuGet/login@v1
        id: login
        with:
          user: acme-bot
      - run: dotnet nuget push out/Acme.Core.1.2.0.nupkg --api-key "$KEY" --source https://api.nuget.org/v3/index.json
        env:
          KEY: \${{ steps.login.outputs.NUGET_API_KEY }}
  github-packages:
    runs-on: ubuntu-latest
    permissions:
      packages: write
    steps:
      - run: dotnet nuget push out/*.nupkg --source https://nuget.pkg.github.com/acme/index.json --api-key \${{ secrets.GITHUB_TOKEN }}
`,
    },
    {
      name: 'trusted publishing: id-token: write and no token',
      files: `on:
  push:
    tags: ["v*"]
jobs:
  npm:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: actions/setup-node@v4
        with:
          registry-url: https://registry.npmjs.org
      - run: npm publish --provenance --access public
  pypi:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
    steps:
      - uses: pypa/gh-action-pypi-publish@release/v1
      - run: uv publish --trusted-publishing always
  gem:
    runs-on: ubuntu-latest
    permissions:
      id-token: write
    steps:
      - uses: rubygems/release-gem@v1
`,
    },
    {
      name: 'private registries and GitHub Packages',
      files: `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    permissions:
      packages: write
    steps:
      - uses: actions/setup-node@v4
        with:
          registry-url: https://npm.pkg.github.com
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: \${{ secrets.GITHUB_TOKEN }}
      - run: twine upload --repository-url https://pypi.internal.example.com/ dist/*
        env:
          TWINE_PASSWORD: \${{ secrets.INTERNAL_PYPI_PASSWORD }}
      - run: cargo publish --registry internal
        env:
          CARGO_REGISTRIES_INTERNAL_TOKEN: \${{ secrets.INTERNAL_CARGO_TOKEN }}
      - uses: pypa/gh-action-pypi-publish@release/v1
        with:
          repository-url: https://pypi.internal.example.com/legacy/
          password: \${{ secrets.INTERNAL_PYPI_PASSWORD }}
`,
    },
    {
      name: 'dry runs publish nothing',
      files: `on: pull_request
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: npm publish --dry-run
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
      - run: cargo publish -n --locked
        env:
          CARGO_REGISTRY_TOKEN: \${{ secrets.CARGO_REGISTRY_TOKEN }}
`,
    },
  ],
  invalid: [
    {
      name: 'NuGet: an API key from secrets, and a push from a job that cannot mint OIDC tokens',
      files: `on:
  release:
    types: [published]
jobs:
  publish:
    runs-on: windows-latest
    steps:
      - run: dotnet nuget push out\\Acme.Core.nupkg -k \${{ secrets.NUGET_KEY }} -s https://api.nuget.org/v3/index.json
      - run: nuget.exe push out\\Acme.Legacy.nupkg
`,
      errors: [
        { messageId: 'token', line: 8, column: 14, severity: 'medium', message: '`dotnet nuget push` publishes to NuGet' },
        {
          messageId: 'implicit',
          line: 9,
          column: 14,
          severity: 'low',
          message: '`nuget push` publishes to NuGet in a job without `id-token: write`',
        },
      ],
    },
    {
      name: 'a publishing command in a job without id-token: write',
      files: `on:
  release:
    types: [published]
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: python -m twine upload dist/*
`,
      errors: [{ messageId: 'implicit', line: 8, column: 14, severity: 'low', message: 'without `id-token: write`' }],
    },
    {
      name: 'a command split over lines: PowerShell backticks and cmd carets',
      files: `on:
  push:
    tags: ['v*']
jobs:
  a:
    runs-on: windows-latest
    steps:
      - run: |
          cargo \`
            publish \`
            --locked
      - shell: cmd
        run: |
          npm ^
            publish --access public
`,
      errors: [
        { messageId: 'implicit', line: 9, column: 11, severity: 'low', message: '`cargo publish` publishes to crates.io' },
        { messageId: 'implicit', line: 14, column: 11, severity: 'low', message: '`npm publish` publishes to npm' },
      ],
    },
    {
      name: 'npm, PyPI and crates.io tokens from secrets',
      files: `on:
  push:
    tags: ["v*"]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with:
          registry-url: https://registry.npmjs.org/
      - run: npm publish --access public
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
      - uses: pypa/gh-action-pypi-publish@release/v1
        with:
          password: \${{ secrets.PYPI_API_TOKEN }}
      - run: cargo publish --token \${{ secrets.CRATES_IO_TOKEN }}
      - run: |
          python -m build
          twine upload -u __token__ -p "$PYPI" dist/*
        env:
          PYPI: \${{ secrets.PYPI_API_TOKEN }}
`,
      errors: [
        { messageId: 'token', line: 11, column: 14, severity: 'medium', message: 'token `NPM_TOKEN` (env `NODE_AUTH_TOKEN`)' },
        { messageId: 'token', line: 14, column: 15, severity: 'medium', message: 'input `password`' },
        { messageId: 'token', line: 17, column: 14, severity: 'medium', message: 'crates.io' },
        { messageId: 'token', line: 20, column: 11, severity: 'medium', message: '`$PYPI` in the command line' },
      ],
    },
    {
      name: 'RubyGems: an API key input (the gem push it serves is not reported again), and release-gem with trusted publishing off',
      files: `on: workflow_dispatch
jobs:
  gem:
    runs-on: ubuntu-latest
    steps:
      - uses: rubygems/configure-rubygems-credentials@v1
        with:
          api-token: \${{ secrets.RUBYGEMS_API_KEY }}
      - run: gem push pkg/*.gem
      - uses: rubygems/release-gem@v1
        with:
          setup-trusted-publisher: false
`,
      errors: [
        { messageId: 'token', line: 6, column: 15, severity: 'medium', message: 'RubyGems' },
        { messageId: 'implicit', line: 10, column: 15, severity: 'low' },
      ],
    },
    {
      name: 'a token in a job anyone can start with secrets is high',
      files: `on: issue_comment
jobs:
  publish:
    if: github.event.comment.body == '/publish'
    runs-on: ubuntu-latest
    env:
      CARGO_REGISTRY_TOKEN: \${{ secrets.CARGO_REGISTRY_TOKEN }}
    steps:
      - run: cargo publish
`,
      errors: [{ messageId: 'token', line: 9, column: 14, severity: 'high', message: 'env `CARGO_REGISTRY_TOKEN`' }],
    },
  ],
});
