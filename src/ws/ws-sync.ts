/**
 * A synchronous call to a WebSocket function (functions.md §11.5), streamed both ways: the HTTP
 * request body goes out in 32 KiB SyncRequestChunk frames as it is read (reading waits while the
 * socket is congested); response chunks are written to the caller as they arrive (the socket is
 * paused while the caller's buffer is full). No connection ⇒ 503; no SyncResponseStart within the
 * wait ⇒ SyncCancel + 503; a disconnect or SyncCancel ⇒ 503 before any byte, else an aborted response.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging.js';
import { drain, send } from '../gateway/http-util.js';
import { PayloadTooLargeError } from '../proxy/body-errors.js';
import { JOB_IDENTITY_HEADERS, methodHasBody } from '../proxy/upstream-client.js';
import type { WsConnection } from './ws-connection.js';
import { decodeResponseStart, encodeFrame, FLAG_END_OF_STREAM, FrameType } from './ws-protocol.js';

export const REQUEST_CHUNK_BYTES = 32 * 1024;
const DROPPED_RESPONSE_HEADERS = new Set(['transfer-encoding', 'connection', 'keep-alive']);

export interface SyncDeps {
  select(name: string): WsConnection | null;
  maxRequestBodySize: number;
  /** Wait for SyncResponseStart (300 s). */
  responseStartTimeoutMs: number;
  logger: Logger;
}

export function syncOverWebSocket(d: SyncDeps, name: string, req: IncomingMessage, res: ServerResponse, path: string, query: string): Promise<void> {
  const connection = d.select(name);
  if (!connection) {
    drain(req);
    send(res, 503);
    return Promise.resolve();
  }
  const conn = connection;
  const id = randomUUID();
  const method = req.method ?? 'GET';
  return new Promise<void>((resolve) => {
    let done = false;
    let started = false;
    let paused = false;
    const cancelRemote = () => void conn.sendFrame(encodeFrame(FrameType.SyncCancel, id)).catch(() => undefined);
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      conn.closeStream(id);
      res.off('close', onCallerClose);
      if (paused) {
        paused = false;
        conn.resumeReading();
      }
      resolve();
    };
    const fail = (status: number) => {
      if (done) return;
      if (!res.headersSent) {
        drain(req);
        send(res, status);
      } else res.destroy();
      finish();
    };
    const begin = (statusCode: number, headers: Record<string, string[]>) => {
      started = true;
      clearTimeout(timer);
      const out: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(headers)) if (!DROPPED_RESPONSE_HEADERS.has(k.toLowerCase())) out[k] = v;
      try {
        res.writeHead(statusCode, out);
      } catch (err) {
        d.logger.debug(`WebSocket function '${name}' sent an invalid response head: ${(err as Error).message}`);
        cancelRemote();
        fail(502);
      }
    };
    conn.openStream(id, {
      start(payload) {
        if (started || done) return;
        const head = decodeResponseStart(payload);
        if (!head) {
          cancelRemote();
          return fail(502);
        }
        begin(head.statusCode, head.headers);
      },
      chunk(payload) {
        if (done) return;
        if (!started) begin(200, {});
        if (done || payload.length === 0) return;
        if (!res.write(payload) && !paused) {
          paused = true;
          conn.pauseReading();
          res.once('drain', () => {
            if (!paused) return;
            paused = false;
            conn.resumeReading();
          });
        }
      },
      end() {
        if (done) return;
        if (!started) begin(200, {});
        if (done) return;
        res.end();
        finish();
      },
      cancel() {
        fail(503);
      },
    });
    const onCallerClose = () => {
      if (done || res.writableFinished) return;
      cancelRemote();
      finish();
    };
    res.on('close', onCallerClose);
    const timer = setTimeout(() => {
      cancelRemote();
      fail(503);
    }, d.responseStartTimeoutMs);
    pumpRequest(conn, id, req, method, path, query, d.maxRequestBodySize, () => done).catch((err: unknown) => {
      if (done) return;
      d.logger.debug(`sync call to WebSocket function '${name}' failed: ${(err as Error).message}`);
      cancelRemote();
      fail(err instanceof PayloadTooLargeError ? 413 : 503);
    });
  });
}

/** SyncRequestStart, the body in 32 KiB chunks as it arrives (paced by the socket), SyncRequestEnd. */
async function pumpRequest(conn: WsConnection, id: string, req: IncomingMessage, method: string, path: string, query: string, limit: number, stopped: () => boolean): Promise<void> {
  const headers: Record<string, string[]> = {};
  for (const [header, values] of Object.entries(req.headersDistinct)) {
    if (values && !JOB_IDENTITY_HEADERS.includes(header)) headers[header] = values;
  }
  await conn.sendFrame(encodeFrame(FrameType.SyncRequestStart, id, Buffer.from(JSON.stringify({ method, path, query, headers }))));
  if (methodHasBody(method)) await pumpBody(conn, id, req, limit, stopped);
  else drain(req);
  if (!stopped()) await conn.sendFrame(encodeFrame(FrameType.SyncRequestEnd, id, undefined, FLAG_END_OF_STREAM));
}

/** Reads the body one chunk at a time: paused while its frames are handed to a congested socket. */
function pumpBody(conn: WsConnection, id: string, req: IncomingMessage, limit: number, stopped: () => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const fail = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(new PayloadTooLargeError());
      req.pause();
      void sendChunks(conn, id, chunk).then(() => {
        if (stopped()) {
          cleanup();
          drain(req);
          return resolve();
        }
        req.resume();
      }, fail);
    };
    const onEnd = () => {
      cleanup();
      resolve();
    };
    const onError = (err: Error) => fail(err);
    const onClose = () => {
      if (!req.complete) fail(new Error('the caller closed the request'));
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}

async function sendChunks(conn: WsConnection, id: string, chunk: Buffer): Promise<void> {
  for (let offset = 0; offset < chunk.length; offset += REQUEST_CHUNK_BYTES) {
    await conn.sendFrame(encodeFrame(FrameType.SyncRequestChunk, id, chunk.subarray(offset, offset + REQUEST_CHUNK_BYTES)));
  }
}
