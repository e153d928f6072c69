/**
 * `Content-Disposition` both ways (data.md §2.2, §2.3): the upload's file name comes from
 * `filename*` (RFC 8187) when present, else `filename`, quotes removed; the download header is
 * `attachment; filename=<ASCII fallback>; filename*=UTF-8''<encoded>`, as ASP.NET writes it, and
 * is always a valid header value whatever the stored name contains.
 */

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

interface Parameter {
  name: string;
  value: string;
}

/** Parameters after the disposition type, or null when the header does not parse. */
function parameters(header: string): Parameter[] | null {
  const type = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*/.exec(header);
  if (!type) return null;
  const params: Parameter[] = [];
  let i = type[0].length;
  while (i < header.length) {
    if (header[i] !== ';') return null;
    const name = /^;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*/.exec(header.slice(i));
    if (!name) {
      if (/^;\s*$/.test(header.slice(i))) break;
      return null;
    }
    i += name[0].length;
    let value = '';
    if (header[i] === '"') {
      i++;
      for (;;) {
        if (i >= header.length) return null;
        const c = header[i++]!;
        if (c === '"') break;
        value += c === '\\' && i < header.length ? header[i++]! : c;
      }
    } else {
      const token = /^[^;\s]*/.exec(header.slice(i))![0];
      value = token;
      i += token.length;
    }
    i += /^\s*/.exec(header.slice(i))![0].length;
    params.push({ name: name[1]!.toLowerCase(), value });
  }
  return params;
}

/** RFC 8187 `charset'language'value`; null when it does not decode. */
function decodeExtValue(text: string): string | null {
  const match = /^([^']*)'[^']*'(.*)$/.exec(text);
  if (!match) return null;
  const charset = match[1]!.toLowerCase();
  try {
    if (charset === 'utf-8') return decodeURIComponent(match[2]!);
    if (charset === 'iso-8859-1') return unescape(match[2]!);
  } catch {
    return null;
  }
  return null;
}

/** The file name an upload declares, or null (absent, blank or unparsable: the id is used). */
export function fileNameFromDisposition(header: string | undefined): string | null {
  if (header === undefined) return null;
  const params = parameters(header);
  if (!params) return null;
  const star = params.find((p) => p.name === 'filename*');
  const decoded = star ? decodeExtValue(star.value) : null;
  const plain = params.find((p) => p.name === 'filename')?.value ?? null;
  const name = decoded ?? plain;
  return name === null || name.trim() === '' ? null : name;
}

/** The download header for `fileName`. */
export function attachmentDisposition(fileName: string): string {
  const wellFormed = fileName.replace(LONE_SURROGATE, '\uFFFD');
  const ascii = wellFormed.replace(/[^\x20-\x7e]/g, '_');
  const fallback = TOKEN.test(ascii) ? ascii : `"${ascii.replace(/["\\]/g, '\\$&')}"`;
  const encoded = encodeURIComponent(wellFormed).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename=${fallback}; filename*=UTF-8''${encoded}`;
}
