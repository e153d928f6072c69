/** Store keys of the data APIs (platform.md §1.8.2). */

export const SET_PREFIX = 'data:set:';
export const HASHSET_PREFIX = 'data:hashset:';
export const FILE_PREFIX = 'data:file:';
const FILE_SUFFIX = ':meta';
/** The single user field of a hash set (data.md §4). */
export const HASHSET_FIELD = 'value';

export const setKey = (id: string) => `${SET_PREFIX}${id}`;
export const hashsetKey = (id: string) => `${HASHSET_PREFIX}${id}`;
export const fileMetaKey = (id: string) => `${FILE_PREFIX}${id}${FILE_SUFFIX}`;

/** The id of a `data:file:<id>:meta` key, or null for any other key. */
export function idOfFileMetaKey(key: string): string | null {
  if (!key.startsWith(FILE_PREFIX) || !key.endsWith(FILE_SUFFIX)) return null;
  const id = key.slice(FILE_PREFIX.length, key.length - FILE_SUFFIX.length);
  return id === '' ? null : id;
}
