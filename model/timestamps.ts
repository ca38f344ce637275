// Time: units, the one schema for timestamp inputs of the APIs, the model clock's bounds, and total formatters for outputs.
import { z } from 'zod';

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** The model clock never passes the end of year 9999 (the last instant ISO 8601 outputs can spell with four digits). */
export const LATEST_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/** A clock value within [0, LATEST_TIME], so that every formatter below is total. */
export const boundedTime = (ms: number): number => Math.min(Math.max(Number.isFinite(ms) ? ms : 0, 0), LATEST_TIME);

/** ISO 8601 with milliseconds, UTC ("2026-01-01T00:00:00.000Z"), as the JSON APIs return dates. */
export const isoTime = (ms: number): string => new Date(boundedTime(ms)).toISOString();

/** ISO 8601 to the second, UTC ("2026-01-01T00:00:00Z"), as CloudTrail writes eventTime. */
export const isoSeconds = (ms: number): string => isoTime(ms).replace(/\.\d{3}Z$/, 'Z');

/** A date, or a date and time with its zone (a time without a zone would be read in the machine's own zone). */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/;

/** A real calendar date and time of day (Date.parse would turn 2024-02-30 into March 1st). */
function isCalendarTime(text: string): boolean {
  const m = ISO_8601.exec(text);
  if (!m) return false;
  const [year, month, day, hour = '0', minute = '0', second = '0'] = m.slice(1).map((x) => x ?? '0') as string[];
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day) && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60;
}

const MESSAGE = 'Member must be a timestamp: epoch seconds, or ISO 8601 such as 2026-01-01T00:00:00Z, between 1970 and 9999';

/**
 * A timestamp input as the AWS SDKs and CLI send it (https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters-types.html#parameter-type-timestamp):
 * epoch seconds, or ISO 8601. Anything else, an impossible date, or a time outside the model clock's range is refused
 * (the service's validation error), never guessed at. The value is epoch milliseconds.
 */
export const timestampSchema = z
  .union([
    z.number().min(0, MESSAGE).max(LATEST_TIME / 1000, MESSAGE),
    z.string().refine((s) => isCalendarTime(s) && Date.parse(s) >= 0 && Date.parse(s) <= LATEST_TIME, MESSAGE),
  ])
  .transform((t) => (typeof t === 'number' ? Math.round(t * 1000) : Date.parse(t)));
