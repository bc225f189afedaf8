// The demo engagement's answers: a Bolt.new + Supabase + Stripe store whose checkout breaks under
// concurrent customers (scenario 1 of the founders' article). Filled in once the question bank exists.
export const DEMO_ANSWERS: Record<string, string | string[] | number> = {};
