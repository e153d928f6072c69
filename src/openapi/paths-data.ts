/** The data APIs (data.md §2–§4): files, sets with atomic counters, hash sets; behind `Data__DefaultVisibility`, on every port. */
import type { Operation, Paths, Schema } from './types.js';
import { binary, empty, json, pathParam, problem, queryParam, response, retryAfter, schemaRef, text } from './common.js';

const id = pathParam('id', '1–200 of `A-Z a-z 0-9 . _ -`.', { type: 'string', pattern: '^[A-Za-z0-9._-]{1,200}$' });
const idQuery = queryParam('id', 'The id; a 32-hex id is generated without it.', { type: 'string', pattern: '^[A-Za-z0-9._-]{1,200}$' });
const ttl = queryParam('ttl', 'Time to live in milliseconds (≤ 0 stores an already expired entry); omitted clears a previous TTL.', { type: 'integer' });
const by = queryParam('by', 'The delta (`incrby`, `decrby`: a 64-bit integer; `incrbyfloat`: a decimal).', { type: 'string' });
/** When `Private`, every data route answers an empty 404 to external callers, whatever the method. */
const visibility = { 'x-visibility': 'Data__DefaultVisibility (Private by default; native local mode sets Public)' };
const jsonString = (description: string) => response(description, json({ type: 'string' }));
const hidden = empty('Not found, or hidden from an external caller by `Data__DefaultVisibility`.');
const anyValue = { required: false, content: { '*/*': { schema: {} } } };

export const dataSchemas: Record<string, Schema> = {
  DataListing: {
    type: 'array',
    items: {
      type: 'object', required: ['id', 'expireAtUtcTicks'],
      properties: { id: { type: 'string' }, expireAtUtcTicks: { type: ['integer', 'null'], description: '.NET ticks; -1 without TTL (hash sets: always null).' } },
    },
  },
};
const listing = response('Entries (files and hash sets by id, sets by expiry then id).', json(schemaRef('DataListing')));

const op = (o: Omit<Operation, 'tags'>): Operation => ({ tags: ['data'], ...visibility, ...o });
/** The answers of a value write (sets, hash sets). */
const written = { '200': jsonString('The id, as a JSON string.'), '400': jsonString('Invalid id or ttl.'), '404': hidden, '413': problem('Above 1 MiB.') };

const counterOps = ['incr', 'incrby', 'decr', 'decrby', 'incrbyfloat'];

export const dataPaths: Paths = {
  '/data/files': {
    post: op({
      summary: 'Upload a file (the raw body, streamed to disk)', operationId: 'uploadFile', parameters: [idQuery, ttl,
        { name: 'Content-Disposition', in: 'header', required: false, description: 'The stored file name (`attachment; filename="…"`).', schema: { type: 'string' } }],
      requestBody: { required: true, content: { '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } },
      responses: {
        '200': response('The id, as plain text.', text()), '400': jsonString('Invalid id or ttl.'), '404': hidden,
        '413': empty('Larger than `Kestrel__Limits__MaxRequestBodySize`.'), '429': empty('Transfer budget exhausted.', retryAfter),
      },
    }),
    get: op({ summary: 'List the files', operationId: 'listFiles', responses: { '200': listing, '404': hidden } }),
    head: op({ summary: 'List the files, headers only', operationId: 'listFilesHead', responses: { '200': empty('Listing headers.'), '404': hidden } }),
  },
  '/data/files/{id}': {
    parameters: [id],
    get: op({
      summary: 'Download a file (stored Content-Type, `Content-Disposition: attachment`, ETag, single byte ranges)', operationId: 'downloadFile',
      parameters: [{ name: 'Range', in: 'header', required: false, schema: { type: 'string', examples: ['bytes=0-10'] } }],
      responses: {
        '200': response('The bytes.', binary(), { ETag: { schema: { type: 'string' }, description: 'The SHA-256.' } }),
        '206': response('The requested range.', binary()), '304': empty('Not modified.'), '400': jsonString('Invalid id.'), '404': hidden,
        '416': empty('Range past the end.'), '429': empty('Transfer budget exhausted.', retryAfter),
      },
    }),
    head: op({ summary: 'A file\'s headers (Content-Length, ETag, Accept-Ranges)', operationId: 'headFile', responses: { '200': empty('Headers.'), '404': hidden } }),
    delete: op({ summary: 'Delete a file', operationId: 'deleteFile', responses: { '204': empty('Deleted.'), '400': jsonString('Invalid id.'), '404': hidden, '429': empty('A transfer holds the id.', retryAfter) } }),
  },
  '/data/sets': {
    post: op({
      summary: 'Write a value under `?id=` (or a generated id)', operationId: 'writeSetByQuery', parameters: [idQuery, ttl], requestBody: anyValue,
      responses: written,
    }),
    get: op({ summary: 'List the sets', operationId: 'listSets', responses: { '200': listing, '404': hidden } }),
  },
  '/data/sets/{id}': {
    parameters: [id],
    post: op({
      summary: 'Write a value (up to 1 MiB)', operationId: 'writeSet', parameters: [ttl], requestBody: anyValue,
      responses: written,
    }),
    get: op({ summary: 'Read a value', operationId: 'readSet', responses: { '200': response('The value.', binary()), '400': jsonString('Invalid id.'), '404': hidden } }),
    delete: op({ summary: 'Delete a value', operationId: 'deleteSet', responses: { '204': empty('Deleted.'), '400': jsonString('Invalid id.'), '404': hidden } }),
  },
  '/data/sets/{id}/{operation}': {
    parameters: [id, pathParam('operation', 'The atomic counter operation.', { type: 'string', enum: counterOps })],
    post: op({
      summary: 'Atomic counter on a set\'s value (64-bit integers or exact decimals; keeps the TTL)', operationId: 'countSet', parameters: [by, ttl],
      responses: {
        '200': response('The new value, as plain text.', text()), '400': jsonString('Invalid id, by or ttl.'), '404': hidden,
        '409': problem('The value is not strictly a number, or the result overflows (unchanged).'),
      },
    }),
  },
  '/data/hashsets': {
    post: op({
      summary: 'Set the single field `value` of a hash set (up to 1 MiB)', operationId: 'writeHashset', parameters: [idQuery, ttl], requestBody: anyValue,
      responses: written,
    }),
    get: op({ summary: 'List the hash sets', operationId: 'listHashsets', responses: { '200': listing, '404': hidden } }),
  },
  '/data/hashsets/{id}': {
    parameters: [id],
    get: op({ summary: 'Read a hash set\'s value', operationId: 'readHashset', responses: { '200': response('The value.', binary()), '400': jsonString('Invalid id.'), '404': hidden } }),
    delete: op({ summary: 'Delete a hash set', operationId: 'deleteHashset', responses: { '204': empty('Deleted.'), '400': jsonString('Invalid id.'), '404': hidden } }),
  },
};
