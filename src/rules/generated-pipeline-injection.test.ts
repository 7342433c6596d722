import { testRule } from '../testing/rule-tester.js';
import rule from './generated-pipeline-injection.js';

const MR_RULES = `  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
`;

testRule(rule, {
  valid: [
    {
      name: 'fixed text, values passed as variables, single quotes, a quoted heredoc, another file, and a child from the repository',
      files: {
        '.gitlab-ci.yml': `generate:
${MR_RULES}  script:
    - 'echo "test: {script: [make test]}" > child.yml'
    - echo '# $CI_MERGE_REQUEST_TITLE' >> child.yml
    - |
      cat <<'EOF' >> child.yml
      notes:
        script: [echo "$CI_MERGE_REQUEST_TITLE"]
      EOF
    - echo "$CI_MERGE_REQUEST_TITLE" > title.txt
  artifacts:
    paths: [child.yml, title.txt]
run-child:
${MR_RULES}  variables:
    TITLE: $CI_MERGE_REQUEST_TITLE
  trigger:
    include:
      - artifact: child.yml
        job: generate
static-child:
${MR_RULES}  trigger:
    include: ci/child.yml
`,
      },
    },
    {
      name: 'a branch name written on the default branch only, where maintainers name branches',
      files: {
        '.gitlab-ci.yml': `generate:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - 'echo "variables: {BRANCH: $CI_COMMIT_BRANCH}" > child.yml'
  artifacts:
    paths: [child.yml]
run-child:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  trigger:
    include:
      - artifact: child.yml
        job: generate
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a merge request title echoed into the child configuration, through a variable; a commit message in a heredoc; a generator argument',
      files: {
        '.gitlab-ci.yml': `generate:
${MR_RULES}  variables:
    TITLE: $CI_MERGE_REQUEST_TITLE
  script:
    - echo "review:" > generated/child.yml
    - 'echo "  script: [echo \\"$TITLE\\"]" >> generated/child.yml'
  artifacts:
    paths: [generated/]
run-child:
${MR_RULES}  trigger:
    include:
      - artifact: generated/child.yml
        job: generate
    strategy: depend
notes:
  script:
    - |
      cat > notes.yml <<EOF
      notes:
        script: [echo "$CI_COMMIT_MESSAGE"]
      EOF
run-notes:
  trigger:
    include:
      - artifact: notes.yml
        job: notes
matrix:
${MR_RULES}  script:
    - ./ci/gen-matrix.py --branch "$CI_MERGE_REQUEST_SOURCE_BRANCH_NAME" > matrix.yml
run-matrix:
${MR_RULES}  trigger:
    include:
      - artifact: matrix.yml
        job: matrix
`,
      },
      errors: [
        {
          messageId: 'generated',
          line: 8,
          column: 32,
          severity: 'high',
          message:
            'Job `generate` writes `$TITLE`, which carries CI_MERGE_REQUEST_TITLE (arbitrary text) through env TITLE, into generated/child.yml, the configuration of the child pipeline job `run-child` starts',
        },
        {
          messageId: 'generated',
          line: 24,
          column: 24,
          severity: 'low',
          message: 'writes `$CI_COMMIT_MESSAGE`, which carries CI_COMMIT_MESSAGE',
        },
        {
          messageId: 'generated',
          line: 35,
          column: 36,
          severity: 'medium',
          message:
            'CI_MERGE_REQUEST_SOURCE_BRANCH_NAME (restricted characters), into matrix.yml, the configuration of the child pipeline job `run-matrix` starts: quotes or braces in it',
        },
      ],
    },
  ],
});
