// @ts-check
// The Electron fuses LITA Reserv ships with: switches compiled into the Electron binary
// that no command line or environment variable can turn back on. Together they mean the
// app runs only its own (integrity-checked) app.asar, and cannot be made into a general
// Node runtime (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect) by whoever uses the PC.
import { FuseV1Options, FuseVersion } from '@electron/fuses';

/** Fuse name → wanted state. Anything not listed keeps Electron's default. */
export const FUSES = Object.freeze({
  RunAsNode: false,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
});

/**
 * The config @electron/fuses' flipFuses takes.
 * @returns {import('@electron/fuses').FuseV1Config}
 */
export function fuseConfig() {
  /** @type {Record<string, unknown>} */
  const config = { version: FuseVersion.V1 };
  for (const [name, value] of Object.entries(FUSES)) {
    const index = FuseV1Options[/** @type {keyof typeof FuseV1Options} */ (name)];
    if (index === undefined) throw new Error(`@electron/fuses känner inte till säkringen ${name}`);
    config[index] = value;
  }
  return /** @type {import('@electron/fuses').FuseV1Config} */ (config);
}
