/** API errors as the API server reports them: an HTTP code plus a `Status` object (reason, message, details, causes). */
import { qualifiedName, type ResourceType } from './resource-types.js';

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusObject {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[] };
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusObject['details'],
  ) {
    super(message);
  }

  toStatus(): StatusObject {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

function details(type: ResourceType, name: string): StatusObject['details'] {
  return { name, ...(type.group ? { group: type.group } : {}), kind: type.resource };
}

export function notFound(type: ResourceType, name: string): ApiError {
  return new ApiError(404, 'NotFound', `${qualifiedName(type)} "${name}" not found`, details(type, name));
}

export function alreadyExists(type: ResourceType, name: string): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualifiedName(type)} "${name}" already exists`, details(type, name));
}

export function conflict(type: ResourceType, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
  return new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": ${why}`, details(type, name));
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function methodNotAllowed(): ApiError {
  return new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${contentType})`);
}

export function forbidden(type: ResourceType, name: string, why: string): ApiError {
  return new ApiError(403, 'Forbidden', `${qualifiedName(type)} "${name}" is forbidden: ${why}`, details(type, name));
}

/** 422 with one cause per invalid field, message like `Deployment.apps "x" is invalid: spec.selector: Required value`. */
export function invalid(type: ResourceType, name: string, causes: StatusCause[]): ApiError {
  const kind = type.group ? `${type.kind}.${type.group}` : type.kind;
  const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const message = `${kind} "${name}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`;
  return new ApiError(422, 'Invalid', message, { ...details(type, name), kind: type.kind, causes });
}

/** The watch `ERROR` event object for a resourceVersion the history no longer holds. */
export function expired(requested: number, oldest: number): ApiError {
  return new ApiError(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

export function successStatus(type: ResourceType, name: string, uid: string | undefined): StatusObject {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { ...details(type, name), ...(uid ? { uid } : {}) },
    code: 200,
  } as StatusObject;
}
