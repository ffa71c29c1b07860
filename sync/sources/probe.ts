// Turns the outcome of a source's cheapest check into a ProbeResult: reachable at all,
// and letting us in. Shared by every adapter so `sync --dry-run` and `doctor` read the same.
import { errorMessage } from '../errors.js';
import { HttpError } from '../net/http.js';
import { SourceAccessError, type ProbeResult } from './types.js';

export async function probeWith(check: () => Promise<void>): Promise<ProbeResult> {
  try {
    await check();
    return { reachable: true, authorised: true, message: null };
  } catch (err) {
    const message = errorMessage(err);
    if (err instanceof SourceAccessError) return { reachable: true, authorised: false, message };
    if (err instanceof HttpError && err.status !== null) {
      const denied = err.status === 401 || err.status === 403;
      return { reachable: true, authorised: !denied, message };
    }
    if ((err as NodeJS.ErrnoException).code === 'EACCES' || (err as NodeJS.ErrnoException).code === 'EPERM') {
      return { reachable: true, authorised: false, message };
    }
    return { reachable: false, authorised: false, message };
  }
}
