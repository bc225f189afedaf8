// Runs a command to its end without blocking the test's event loop.
//
// Why not spawnSync: fetch keeps idle connections to the test server open for reuse. While a
// synchronous child runs (a tsx script takes seconds on a busy 2-core box), the server closes an
// idle one after its keep-alive timeout (5 s), but the test process cannot hear it until its event
// loop runs again; the next request then goes out on the closed connection and fails with "other
// side closed" (a CI failure in two-step.test.ts).
import { spawn } from "node:child_process";

export type RunResult = { status: number | null; stdout: string; stderr: string };

export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Like `run`, but a command that fails is an error that says what it printed. */
export async function runOrThrow(command: string, args: string[]): Promise<string> {
  const result = await run(command, args);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
  }
  return result.stdout;
}
