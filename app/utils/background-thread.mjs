// For worker threads (PDF rendering, import checks, code scans): background work yields the CPU to
// the server's main thread. On Linux a nice value belongs to one thread, so this lowers only the
// calling worker's priority; on two busy cores, renders and checks then slow down a little instead
// of delaying every other request (README "Security").
import os from "node:os";

export function runInBackground() {
  try {
    os.setPriority(10);
  } catch {
    // Not permitted here (some containers): run at normal priority.
  }
}
