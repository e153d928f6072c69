/** Store key of a function's async queue (platform.md §1.8.2). */
export const queueKey = (functionName: string): string => `Queue:${functionName}`;
export const functionOfQueueKey = (key: string): string | null => (key.startsWith('Queue:') ? key.slice('Queue:'.length) : null);
