/** Writes a whole buffer to a file handle (a short write is continued, never silently dropped). */
import type { FileHandle } from 'node:fs/promises';

export async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    offset += bytesWritten;
  }
}
