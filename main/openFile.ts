// "Open in the system's program", only for files inside the mirror folder: the path is
// checked again here, just before shell.openPath, whatever the caller already checked.
import path from 'node:path';

export function isInsideFolder(folder: string, file: string, pathApi: typeof path = path): boolean {
  if (file.includes('\0')) return false;
  const root = pathApi.resolve(folder);
  const target = pathApi.resolve(file);
  const rel = pathApi.relative(root, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${pathApi.sep}`) && !pathApi.isAbsolute(rel);
}

/** An opener for the API service: refuses anything outside `mirrorDir`. */
export function mirrorOpener(mirrorDir: string, openPath: (file: string) => Promise<string>): (file: string) => Promise<string> {
  return async (file) => {
    if (!isInsideFolder(mirrorDir, file)) return 'filen ligger utanför speglingsmappen';
    return openPath(file);
  };
}
