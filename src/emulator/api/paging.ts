/**
 * Marker/MaxItems paging as Lambda's list operations do it: at most 50 items a page whatever MaxItems says, an
 * opaque `NextMarker` while more remain and none on the last page (the SDK paginators stop on a missing marker).
 */
import { invalidParameterValue, validationError } from '../apiError';
import { violation } from '../../core/rules/names';
import { type ApiRequest, queryParam } from './apiRequest';

/** Lambda's page size ceiling. */
export const PAGE_LIMIT = 50;

/** One page of items and the marker for the next. */
export interface Page<T> {
  items: T[];
  nextMarker?: string;
}

/** Takes the page the request's `Marker` and `MaxItems` ask for; `maxAllowed` is the model's MaxItems ceiling. */
export function takePage<T>(request: ApiRequest, items: readonly T[], maxAllowed: number): Page<T> {
  const start = decodeMarker(queryParam(request, 'Marker'));
  const size = Math.min(PAGE_LIMIT, parseMaxItems(queryParam(request, 'MaxItems'), maxAllowed));
  const end = Math.min(items.length, start + size);
  return end < items.length
    ? { items: items.slice(start, end), nextMarker: encodeMarker(end) }
    : { items: items.slice(start, end) };
}

function parseMaxItems(raw: string | undefined, maxAllowed: number): number {
  if (raw === undefined) return PAGE_LIMIT;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw)) throw invalidParameterValue(`MaxItems must be an integer, not '${raw}'.`);
  if (value < 1)
    throw validationError([violation(raw, 'maxItems', 'Member must have value greater than or equal to 1')]);
  if (value > maxAllowed)
    throw validationError([violation(raw, 'maxItems', `Member must have value less than or equal to ${maxAllowed}`)]);
  return value;
}

function encodeMarker(offset: number): string {
  return Buffer.from(`lambda-stream:${offset}`).toString('base64');
}

function decodeMarker(marker: string | undefined): number {
  if (marker === undefined || marker === '') return 0;
  const match = /^lambda-stream:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'));
  if (!match) throw invalidParameterValue(`Invalid marker: ${marker}`);
  return Number(match[1]);
}
