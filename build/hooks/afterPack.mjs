// @ts-check
// electron-builder's afterPack hook (electron-builder.yml): runs once per platform and
// architecture, after the app is copied and before it is signed and packed into
// installers. Puts the Electron build of better-sqlite3 in place, then flips the fuses;
// electron-builder signs right after this, so signatures cover both.
import { placeNativeBinding } from './nativeBinding.mjs';
import { fuseConfig } from './electronFuses.mjs';

/**
 * @param {import('./nativeBinding.mjs').PackContext & {
 *   packager: { addElectronFuses(context: unknown, fuses: import('@electron/fuses').FuseV1Config): Promise<number> } }} context
 */
export default async function afterPack(context) {
  await placeNativeBinding(context);
  await context.packager.addElectronFuses(context, fuseConfig());
}
