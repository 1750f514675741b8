// Kept as the import path pages use; the fetching itself is TanStack Query's (web/src/api/query.ts).
export { type ApiOptions, type ApiState, useApi, useInvalidate } from '../api/query';
