#!/usr/bin/env node
// The `privacyloket` command, whatever the current directory: the compiled CLI (dist/cli/, which `npm start` and
// `npm test` build) while it is current, else the TypeScript sources through tsx, as in development.
import { pathToFileURL } from 'node:url';
import { compiledCli } from '../scripts/cli-build.js';

// Letters written with --out and everything else this command creates are private (0600) by default.
process.umask(0o077);
const compiled = compiledCli();
/** @type {typeof import('../cli/main.ts')} */
const { main } = compiled ? await import(pathToFileURL(compiled).href) : await fromSources();
process.exitCode = await main(process.argv.slice(2));

async function fromSources() {
  const { register } = await import('tsx/esm/api');
  register();
  return import('../cli/main.ts');
}
