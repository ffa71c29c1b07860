// An error the API reports as it is: a code the bridges map to a status, and a Swedish
// message a person can act on.
import type { ApiErrorCode } from './contract.js';

export class ApiFailure extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}
