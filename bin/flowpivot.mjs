#!/usr/bin/env node
// The flowpivot command: loads the TypeScript sources through tsx (no build step) and runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main/cli/main.ts');
const exitCode = await main(process.argv.slice(2));
process.exitCode = exitCode;
// Everything the command opened is closed by now; should a stray handle remain, exit anyway rather than hang.
setTimeout(() => process.exit(exitCode), 2000).unref();
