#!/usr/bin/env node
// The `privacyloket` command: runs the TypeScript CLI through tsx, whatever the current directory.
import { register } from 'tsx/esm/api';

// Letters written with --out and everything else this command creates are private (0600) by default.
process.umask(0o077);
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
