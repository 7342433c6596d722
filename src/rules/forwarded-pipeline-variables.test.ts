import { testRule } from '../testing/rule-tester.js';
import rule from './forwarded-pipeline-variables.js';

testRule(rule, {
  valid: [
    {
      name: 'triggers that forward only YAML variables, or nothing, and a job that never runs',
      files: {
        '.gitlab-ci.yml': `deploy:
  trigger:
    project: ops/deployer
    forward:
      yaml_variables: true
      pipeline_variables: false
child:
  trigger:
    include: ci/child.yml
old:
  when: never
  trigger:
    project: ops/deployer
    forward:
      pipeline_variables: true
`,
      },
    },
  ],
  invalid: [
    {
      name: 'forwarding to another project from any branch (medium) and to a child pipeline (low)',
      files: {
        '.gitlab-ci.yml': `deploy:
  stage: deploy
  trigger:
    project: ops/deployer
    branch: main
    forward:
      pipeline_variables: true
docs:
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  trigger:
    include: ci/docs.yml
    forward:
      pipeline_variables: true
`,
      },
      errors: [
        { messageId: 'forwarded', line: 7, column: 7, severity: 'medium', message: 'project ops/deployer' },
        { messageId: 'forwarded', line: 14, column: 7, severity: 'low', message: 'the child pipeline' },
      ],
    },
  ],
});
