/** Typed errors of the client: a refused registration (fatal for `runForever`) and a cancelled synchronous call. */

/** SlimFaas refused the `Register` message (`success:false`); `runForever()` rejects with it and does not reconnect. */
export class SlimFaasRegistrationError extends Error {
  override readonly name = 'SlimFaasRegistrationError';
  constructor(readonly reason: string) {
    super(`SlimFaas refused the registration: ${reason}`);
  }
}

/** A synchronous call ended before its response was complete: SlimFaas sent `SyncCancel`, or the connection closed. */
export class SlimFaasSyncCancelledError extends Error {
  override readonly name = 'SlimFaasSyncCancelledError';
  constructor(readonly correlationId: string, reason: string) {
    super(`sync call ${correlationId} cancelled: ${reason}`);
  }
}

/** An operation needs a registered connection and there is none. */
export class SlimFaasNotConnectedError extends Error {
  override readonly name = 'SlimFaasNotConnectedError';
  constructor() {
    super('the SlimFaas WebSocket is not connected');
  }
}
