#!/usr/bin/env node
// The CLI from this repository's TypeScript sources (through tsx's loader, a dev dependency), for
// working in a checkout: `node bin/spikegpu.mjs run examples/cuba.json --duration 1000`. The installed
// package's `spikegpu` command is the compiled dist/host/cli/bin.js (plain node).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../host/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
