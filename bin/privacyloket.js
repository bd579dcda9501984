#!/usr/bin/env node
// The `privacyloket` command: runs the TypeScript CLI through tsx, whatever the current directory.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
