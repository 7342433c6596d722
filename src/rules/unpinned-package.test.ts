import { testRule } from '../testing/rule-tester.js';
import rule from './unpinned-package.js';

testRule(rule, {
  valid: [
    {
      name: 'installs from lockfiles, exact versions, local paths and installer upgrades in a publish job; loose installs in a test job',
      files: {
        '.gitlab-ci.yml': `publish:
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - npm ci
    - npm install -g semantic-release@24.2.0
    - python3 -m pip install --upgrade pip setuptools wheel
    - pip install -r requirements.txt
    - pip install twine==6.1.0 .
    - gem install bundler --version 2.5.22
    - go install golang.org/x/tools/cmd/goimports@v0.28.0
    - cargo install cargo-release --version 0.25.13 --locked
    - pnpm install
    - npm publish
test:
  script:
    - npm install
    - pip install pytest
    - npm test
`,
      },
    },
  ],
  invalid: [
    {
      name: 'npm install and a global tool in a publish job; pip, gem, go @latest and yarn add in deploy jobs',
      files: {
        '.gitlab-ci.yml': `publish:
  rules:
    - if: $CI_COMMIT_TAG
  script:
    - npm install
    - npm install -g semantic-release
    - npm publish
deploy-docs:
  environment: production
  script:
    - pip install mkdocs-material
    - mkdocs gh-deploy
release-gem:
  script:
    - gem install gem-release
    - go install github.com/goreleaser/goreleaser@latest
    - gem push pkg/*.gem
site:
  script:
    - yarn global add netlify-cli
    - netlify deploy --prod
`,
      },
      errors: [
        {
          messageId: 'unpinned',
          line: 5,
          column: 7,
          severity: 'low',
          message:
            'Job `publish` installs dependencies with `npm install` (which may rewrite the lockfile and resolve ranges afresh) and then publishes or deploys with npm publish (package registry)',
        },
        { messageId: 'unpinned', line: 11, column: 7, message: '`mkdocs-material` (pip, no `==` version)' },
        { messageId: 'unpinned', line: 15, column: 7, message: '`gem-release` (gem install, no `--version`)' },
        { messageId: 'unpinned', line: 20, column: 7, message: '`netlify-cli` (yarn add, no exact version)' },
      ],
    },
  ],
});
