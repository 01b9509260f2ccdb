import type { ErrorBody } from './types.js';

/** Reads from the JSON API. Errors carry the API's own message, which says what to do. */

export class ApiFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiFailure';
  }
}

async function failureOf(response: Response): Promise<ApiFailure> {
  let message = `the server answered ${response.status} ${response.statusText}`;
  try {
    // Partial: a proxy in front of the server may answer with JSON of its own.
    const body = (await response.json()) as Partial<ErrorBody>;
    if (body.error?.message) message = body.error.message;
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiFailure(response.status, message);
}

export async function getJson<T>(route: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(route, { headers: { Accept: 'application/json' }, signal });
  if (!response.ok) throw await failureOf(response);
  return (await response.json()) as T;
}

export async function sendJson<T>(route: string, init: RequestInit): Promise<T> {
  const response = await fetch(route, init);
  if (!response.ok) throw await failureOf(response);
  return (await response.json()) as T;
}

/** A query string from the set values only. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
