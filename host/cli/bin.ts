#!/usr/bin/env node
// The `spikegpu` command of the installed package (compiled to dist/host/cli/bin.js; plain node).
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
