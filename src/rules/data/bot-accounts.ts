/**
 * GitHub App bot accounts that workflows commonly gate on, by login and numeric user id, for the
 * `spoofable-actor-check` rule (`github.actor_id == 49699333` is the same check as
 * `github.actor == 'dependabot[bot]'`). Any login ending in `[bot]` is treated as a bot whether or
 * not it is listed here; the ids are what this table adds.
 *
 * Sources: the public user API (https://api.github.com/users/<login>, field `id`), which is also
 * the number in each bot's commit e-mail `<id>+<login>@users.noreply.github.com`; the dependabot
 * and github-actions ids appear in that form in commits of the public repositories read for the
 * evaluation corpus.
 */
export const BOT_ACCOUNT_IDS: ReadonlyMap<number, string> = new Map([
  [49699333, 'dependabot[bot]'],
  [41898282, 'github-actions[bot]'],
  [29139614, 'renovate[bot]'],
]);

/** A login GitHub gives to GitHub App installations (`<app-slug>[bot]`). */
export function isBotLogin(login: string): boolean {
  return /^[a-z0-9][\w.-]*\[bot\]$/i.test(login.trim());
}
