/**
 * Everything the benchmark starts outside its own process (contender children, Local endpoints, code-server and
 * chromium) registers how to stop it here. Normal ends stop each thing in a `finally`; this catches the other ends
 * (Ctrl-C, a CI job's SIGTERM), where `finally` blocks never run and a detached code-server or an endpoint process
 * would otherwise outlive the run.
 */

type Stopper = () => unknown;

const stoppers = new Set<Stopper>();
let installed = false;

/** Registers `stop` until the returned function is called (when the thing has ended normally). */
export function stopOnExit(stop: Stopper): () => void {
  stoppers.add(stop);
  return () => stoppers.delete(stop);
}

/**
 * Runs every registered stopper (best effort, at most `graceMs` in all), the most recently registered first (what
 * was started last is stopped first; the scratch folder, registered first, goes last), then exits with `code`.
 */
async function stopAllAndExit(code: number, graceMs = 5_000): Promise<never> {
  const ordered = [...stoppers].reverse();
  stoppers.clear();
  const all = (async () => {
    for (const stop of ordered) {
      try {
        await stop();
      } catch {
        // already gone
      }
    }
  })();
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
  process.exit(code);
}

/** Stops everything registered on SIGINT or SIGTERM, then exits (130 / 143). Installed once by the runner. */
export function installSignalCleanup(): void {
  if (installed) return;
  installed = true;
  process.once('SIGINT', () => {
    console.error('\nbench: interrupted; stopping what it started.');
    void stopAllAndExit(130);
  });
  process.once('SIGTERM', () => void stopAllAndExit(143));
}
