/** @slimfaas/client: the public surface of the TypeScript client for SlimFaas WebSocket virtual functions (functions.md §11, §13). */
export { SlimFaasClient, type SlimFaasClientEvents } from './client.js';
export type { SlimFaasClientConfig, SlimFaasClientOptions, SlimFaasLogger, SubscribeEvent, PathVisibility, Visibility, Trust } from './config.js';
export { toRegisterPayload } from './config.js';
export { SlimFaasRegistrationError, SlimFaasSyncCancelledError, SlimFaasNotConnectedError } from './errors.js';
export { SyncRequestBody } from './body.js';
export { SyncResponseWriter, type Headers } from './response.js';
export type { AsyncRequest, PublishEvent, SyncRequest, RequestHeaders, AsyncRequestHandler, PublishEventHandler, SyncRequestHandler } from './requests.js';
export { MessageType, FRAME_HEADER_SIZE, FLAG_END_OF_STREAM, encodeFrame, decodeFrame, encodeEnvelope, decodeEnvelope, type BinaryFrame, type Envelope } from './protocol.js';
