/**
 * GitHub accounts that publish widely used actions and reusable workflows. A `uses:` owner one
 * typing slip away from one of these (and not one of them) is how typosquatted actions catch
 * their victims: the squatter registers `actoins` or `docker-` lookalikes and waits.
 *
 * Sources:
 * - the owners named most often in `uses:` across the 3,169 GitHub workflow files of 251 public
 *   repositories in pipewarden's evaluation corpus (counted 2026-12-04; every owner here appears in
 *   at least ten files or is listed below for another reason);
 * - GitHub's own and cloud vendors' organisations that publish official actions (GitHub
 *   Marketplace "verified creator" badges: https://github.com/marketplace?type=actions&verification=verified_creator).
 * Keep names lower case; matching is case-insensitive, as GitHub account names are.
 */
export const POPULAR_ACTION_OWNERS: readonly string[] = [
  '1password',
  'actions',
  'actions-rs',
  'anchore',
  'anthropics',
  'aquasecurity',
  'astral-sh',
  'aws-actions',
  'azure',
  'bufbuild',
  'cachix',
  'changesets',
  'codecov',
  'crazy-max',
  'denoland',
  'docker',
  'dorny',
  'dtolnay',
  'getsentry',
  'github',
  'golangci',
  'google-github-actions',
  'goreleaser',
  'gradle',
  'hashicorp',
  'helm',
  'huggingface',
  'jdx',
  'microsoft',
  'mozilla-actions',
  'nick-fields',
  'ossf',
  'oven-sh',
  'peaceiris',
  'peter-evans',
  'pnpm',
  'pypa',
  'ruby',
  'shivammathur',
  'sigstore',
  'slackapi',
  'slsa-framework',
  'softprops',
  'step-security',
  'swatinem',
  'taiki-e',
  'tj-actions',
];
