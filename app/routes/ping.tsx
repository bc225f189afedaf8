import type { MetaFunction } from "@remix-run/node";

// A near-empty page through the full stack (Express, Remix, React SSR, root layout): uptime checks
// use it, and `npm run bench` uses it as the framework's floor to compare real pages against.
export const meta: MetaFunction = () => [{ title: "Finishline is up" }];

export default function Ping() {
  return (
    <div className="container narrow">
      <p>Finishline is up.</p>
    </div>
  );
}
