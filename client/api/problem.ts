// The API's error body, the same for every failure: `{ error, details: [{ path, message }] }`.
import { z } from 'zod';

export const ApiError = z
  .object({
    error: z.string().meta({ description: 'What went wrong, in a sentence' }),
    details: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .meta({ description: 'One entry per problem, naming the field (path) and the rule' }),
  })
  .meta({ id: 'ApiError' });
export type ApiError = z.infer<typeof ApiError>;

/** An error a route throws to answer with a status and an ApiError body. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: 400 | 401 | 403 | 404 | 409 | 503,
    message: string,
    readonly details: ApiError['details'] = [],
  ) {
    super(message);
  }
}
