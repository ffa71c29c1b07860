// Process entry point for bin/lita-reserv: proxy settings from the environment first (so
// every command's requests honour them), then the command.
import { main } from './main.js';
import { configureProxyFromEnv } from '../net/proxy.js';
import { UserError } from '../errors.js';

function setUpProxy(): boolean {
  try {
    const proxy = configureProxyFromEnv(process.env);
    if (proxy.settings && !proxy.installed) process.stderr.write(`Varning: proxyinställningen används inte: ${proxy.reason}\n`);
    return true;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = err.exitCode;
    return false;
  }
}

if (setUpProxy()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`Oväntat fel: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
