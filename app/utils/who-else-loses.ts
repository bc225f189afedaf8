// The sentence on both delete pages (a project's, and an account's for each project it takes along)
// that names who else loses the project and which of them are emailed that it is gone (decision
// 049). One wording for both, so the account page says what the project page says.

type Loser = { name: string; role: string; confirmed: boolean };

const names = (people: Loser[]) => people.map((p) => p.name).join(", ");

/**
 * "These people lose access too: Jonas Brandt (Engineering partner), Ana (Viewer). We email them
 * that you deleted it, except Ana, whose email address is not confirmed." `told` is what the email
 * tells them ("that you deleted it").
 */
export function whoElseLoses(others: Loser[], told: string): string {
  if (others.length === 0) return "Nobody else has access to it.";
  const losers = `${others.length === 1 ? "This person loses" : "These people lose"} access too: ${others
    .map((o) => `${o.name} (${o.role})`)
    .join(", ")}.`;
  const unconfirmed = others.filter((o) => !o.confirmed);
  if (unconfirmed.length === 0)
    return `${losers} We email ${others.length === 1 ? "them" : "each of them"} ${told}.`;
  // Decision 038: nothing goes to an address its owner never proved they read.
  const why =
    unconfirmed.length === 1
      ? "whose email address is not confirmed"
      : "whose email addresses are not confirmed";
  if (unconfirmed.length === others.length) {
    return `${losers} We cannot email them ${told}: ${
      others.length === 1 ? "their email address is" : "their email addresses are"
    } not confirmed.`;
  }
  return `${losers} We email them ${told}, except ${names(unconfirmed)}, ${why}.`;
}
