import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from '@hono/zod-openapi';

/**
 * Every error leaves the API as `{ "error": { "status", "message" } }`, with a message a person can
 * act on. Handlers throw `ApiError` for the expected ones; anything else becomes a bare 500.
 */

export class ApiError extends Error {
  constructor(readonly status: ContentfulStatusCode, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorResponse(c: Context, status: ContentfulStatusCode, message: string): Response {
  return c.json({ error: { status, message } }, status);
}

/**
 * The validation hook every route shares: a 400 naming each bad parameter, what it expects and what it got
 * (read back from the request, since zod's issue does not always carry the raw text).
 */
export function validationHook(result: { success: true } | { success: false; error: z.ZodError; target: string }, c: Context): Response | undefined {
  if (result.success) return undefined;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || result.target;
    const raw = result.target === 'query' ? c.req.query(name) : result.target === 'param' ? c.req.param(name) : undefined;
    return `${name}: expected ${issue.message}${raw === undefined ? '' : `, got ${JSON.stringify(raw)}`}`;
  });
  return errorResponse(c, 400, problems.join('; '));
}
