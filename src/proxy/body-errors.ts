/** Errors about request bodies shared by the gateway routes and the async queue. */

/** The body exceeded `Kestrel:Limits:MaxRequestBodySize` (answered 413). */
export class PayloadTooLargeError extends Error {
  constructor() {
    super('request body too large');
  }
}
