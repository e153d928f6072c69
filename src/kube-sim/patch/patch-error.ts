/** A patch that cannot be applied: `malformed` ones are answered 400, the others 422 (as the API server does). */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly malformed = false,
  ) {
    super(message);
  }
}
