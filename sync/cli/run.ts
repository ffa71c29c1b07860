// Process entry point for bin/lita-reserv.
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Oväntat fel: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
