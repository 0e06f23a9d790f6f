// Names for the parts of the generated OpenAPI types (./openapi.d.ts) the screens use, so a
// screen's `*.api.ts` says `ApiResponse<'/api/customers/{id}'>` instead of repeating the schema.
import type { paths } from './openapi.js';

/** An API path as the OpenAPI document writes it (`/api/customers/{id}`). */
export type ApiPath = keyof paths;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

type Operation<P extends ApiPath, M extends Method> = NonNullable<paths[P][M]>;
type JsonContent<T> = T extends { readonly content: { readonly 'application/json': infer Body } } ? Body : never;
type Success<R> = R extends { readonly 200: infer Ok } ? Ok : R extends { readonly 201: infer Created } ? Created : never;

type SuccessJson<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { readonly responses: infer Responses } ? JsonContent<Success<Responses>> : never;
type BodyJson<P extends ApiPath, M extends Method> =
  Operation<P, M> extends { readonly requestBody?: infer Body } ? JsonContent<NonNullable<Body>> : never;
/** The paths whose `M` call has a JSON success response (or body): a wrong method or path is a type error, not `never`. */
type Answering<M extends Method> = { [P in ApiPath]: [SuccessJson<P, M>] extends [never] ? never : P }[ApiPath];
type Taking<M extends Method> = { [P in ApiPath]: [BodyJson<P, M>] extends [never] ? never : P }[ApiPath];

/** The JSON a call answers with on success (its 200, else its 201 response). */
export type ApiResponse<P extends Answering<M>, M extends Method = 'get'> = SuccessJson<P, M>;

/** The JSON body a call takes. */
export type ApiBody<P extends Taking<M>, M extends Method> = BodyJson<P, M>;

/** One element of an array type (a list response's item). */
export type Item<T extends readonly unknown[]> = T[number];
