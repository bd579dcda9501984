/**
 * Runs a long-lived entry point (`npm start`, `npm run worker`): Ctrl-C or SIGTERM asks it to stop cleanly; a
 * second Ctrl-C forces the exit. Our own errors print as their one sentence; anything else with its stack.
 */
import { PrivacyloketError } from '../lib/errors';

export async function runMain(main: (signal: AbortSignal) => Promise<void>): Promise<void> {
  // Everything this process creates holds or may hold personal data: private by default (and checked anyway).
  process.umask(0o077);
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) process.exit(130);
    console.log('\nStopping…');
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await main(controller.signal);
    process.exitCode = 0;
  } catch (error) {
    if (!(error instanceof PrivacyloketError)) throw error;
    console.error(`privacyloket: ${error.message}`);
    process.exitCode = error.code === 'invalid-config' || error.code === 'invalid-input' ? 2 : 1;
  }
}
