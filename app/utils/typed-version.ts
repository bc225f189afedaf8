/**
 * The version a form stands on: the one a refused form was typed against (it posts it back, and
 * the page shows it again), else the stored one. Sent again, the change is then still checked
 * against what its author saw, so it cannot overwrite what someone else saved in between.
 */
export function typedVersion(posted: string | undefined, stored: number): string {
  return posted !== undefined && /^\d+$/.test(posted) ? posted : String(stored);
}
