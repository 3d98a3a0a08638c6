#!/usr/bin/env node
// Entry point of `npx spikegpu`: loads the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../host/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
