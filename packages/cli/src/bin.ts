#!/usr/bin/env node
import { main } from './main.js';

// A reader that stops early (`storewise model list | head -3`) closes the pipe: that ends the output, not
// with a stack trace. Any other error of the standard streams is thrown as before.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });

process.exitCode = await main(process.argv.slice(2));
