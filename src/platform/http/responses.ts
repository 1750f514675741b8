import { z } from 'zod';

// Responses that are not JSON still belong in the contract: /docs/json states the media type, and the
// generated web types see "no body" rather than `unknown`. Fastify does not serialise a Buffer or an
// empty 204, so these schemas only document.

/** A file answer (PDF, image…): the bytes with their media type. */
export const binary = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: z.any().meta({ type: 'string', format: 'binary' }) } },
});

/** 204: done, nothing to say. */
export const noContent = (description = '无内容') => ({ description, content: {} });
