import { z } from 'zod';

// Responses that are not JSON still belong in the contract: /docs/json states the media type, and the
// generated web types see "no body" rather than `unknown`. Fastify does not serialise a Buffer, a
// stream or an empty 204, so these schemas only document.

/** A file answer (PDF, image…): the bytes with their media type. */
export const binary = (mediaTypes: string | string[], description: string) => ({
  description,
  content: Object.fromEntries(
    [mediaTypes].flat().map((t) => [t, { schema: z.any().meta({ type: 'string', format: 'binary' }) }]),
  ),
});

/** 204: done, nothing to say (documented as a response without content). */
export const noContent = (description = '无内容') => z.undefined().describe(description);

/** A plain-text answer (Prometheus metrics): documented with its media type, sent as it is. */
export const text = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: z.string() } },
});
