// The API's shapes, taken from the types generated out of the server's OpenAPI document
// (schema.d.ts, `npm run api:types`). Never write a response type by hand: name it here.
import type { paths } from './schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON a path answers with (the first 2xx status it documents). */
export type ResponseOf<P extends keyof paths, M extends Method = 'get'> =
  Op<P, M> extends {
    responses: infer R;
  }
    ? R extends { 200: infer S }
      ? JsonOf<S>
      : R extends { 201: infer S }
        ? JsonOf<S>
        : never
    : never;

/** The JSON body a path takes. */
export type BodyOf<P extends keyof paths, M extends Method = 'post'> =
  Op<P, M> extends {
    requestBody?: infer B;
  }
    ? JsonOf<NonNullable<B>>
    : never;

export type Meta = ResponseOf<'/api/meta'>;
