/** The small slice of OpenAPI 3.1 types the document is written in (plain JSON values underneath). */
export type Schema = Record<string, unknown>;
export type Operation = {
  summary: string;
  description?: string;
  operationId: string;
  tags: string[];
  parameters?: unknown[];
  requestBody?: Record<string, unknown>;
  responses: Record<string, unknown>;
  security?: Array<Record<string, string[]>>;
  [extension: `x-${string}`]: unknown;
};
export type Method = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch';
export type PathItem = Partial<Record<Method, Operation>> & { parameters?: unknown[] };
export type Paths = Record<string, PathItem>;
export const METHODS: readonly Method[] = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
