/**
 * Parses a schedule time of day (`"H:mm"`, autoscaling.md §2.4): exactly two `:`-separated
 * integers (surrounding white space and a sign tolerated, as .NET `int.TryParse` does), hours
 * 0–23 and minutes 0–59. Anything else is a reason to skip the entry, never an exception.
 */

export interface ClockTime {
  hour: number;
  minute: number;
}

export type ClockTimeResult = { ok: true; time: ClockTime } | { ok: false; error: string };

/** .NET `NumberStyles.Integer`: leading/trailing white space (U+0009–U+000D, U+0020), one sign. */
const DOTNET_INTEGER = /^[\t\n\v\f\r ]*[+-]?[0-9]+[\t\n\v\f\r ]*$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function parseDotnetInt(text: string): number | undefined {
  if (!DOTNET_INTEGER.test(text)) return undefined;
  const value = Number(text.trim());
  if (value < INT32_MIN || value > INT32_MAX) return undefined; // overflow: TryParse fails
  return value === 0 ? 0 : value; // "-0" ⇒ 0
}

export function parseClockTime(text: string): ClockTimeResult {
  const parts = text.split(':');
  const hour = parts.length === 2 ? parseDotnetInt(parts[0]!) : undefined;
  const minute = parts.length === 2 ? parseDotnetInt(parts[1]!) : undefined;
  if (hour === undefined || minute === undefined) {
    return { ok: false, error: `${JSON.stringify(text)} is not an H:mm time` };
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return { ok: false, error: `${JSON.stringify(text)} is out of range (hours 0-23, minutes 0-59)` };
  }
  return { ok: true, time: { hour, minute } };
}
