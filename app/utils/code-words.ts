// The code step was written to the founder ("Evidence from your code … Upload your code"), but the
// engineering partner uses it too (decision 012), and a viewer reads it: to them the code is the
// app's, not theirs (partner audit, finding 17). Founders are the members who answer (can "answer").

/** Whose code the evidence is read from, as its reader hears it. */
export function whoseCode(founder: boolean): "your code" | "the app's code" {
  return founder ? "your code" : "the app's code";
}
