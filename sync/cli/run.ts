// Process entry point for bin/lita-reserv.
import { runCommandLine } from './commandLine.js';

runCommandLine(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
