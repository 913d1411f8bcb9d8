// The resource API envelope `{resource_response: {status, data, bookmark, error}, resource: {options}}`
// -> its data and next bookmark, or a typed UpstreamError when Pinterest answered with an error.
import { UpstreamError, badShape, kindForEnvelope } from '../domain/errors.js';
import { asJson, isObject, obj, optNum, optObj, optStr } from './decode.js';

export interface ResourceData {
  data: unknown;
  /** Raw bookmark string as sent (end markers are handled by page.ts); null when absent. */
  bookmark: string | null;
}

function errorFor(status: number | null, message: string): UpstreamError {
  const detail = status === null ? {} : { status };
  const text = `Pinterest resource error${status === null ? '' : ` ${status}`}: ${message || 'no message'}`;
  return new UpstreamError(kindForEnvelope(status), text, detail);
}

/** Unwrap a resource response (parsed JSON or its text). */
export function resourceData(json: unknown): ResourceData {
  const root = obj(asJson(json), '$');
  const rr = obj(root['resource_response'], 'resource_response');
  const error = optObj(rr, 'error');
  const status = rr['status'];
  if (error || (typeof status === 'string' && status !== 'success')) {
    const httpStatus = optNum(error, 'http_status') ?? optNum(rr, 'http_status');
    const message = optStr(error, 'message') || optStr(rr, 'message');
    throw errorFor(httpStatus, message.slice(0, 200));
  }
  if (!('data' in rr)) throw badShape('resource_response.data', 'missing data');
  const bookmarks = optObj(optObj(root, 'resource'), 'options')?.['bookmarks'];
  const fromOptions = Array.isArray(bookmarks) && typeof bookmarks[0] === 'string' ? bookmarks[0] : null;
  const own = rr['bookmark'];
  return { data: rr['data'], bookmark: typeof own === 'string' ? own : fromOptions };
}

/** The list of a feed's data: an array, or `{results: [...]}` as in search. */
export function feedItems(data: unknown): { items: unknown; path: string } {
  if (isObject(data) && 'results' in data) return { items: data['results'], path: 'resource_response.data.results' };
  return { items: data, path: 'resource_response.data' };
}
