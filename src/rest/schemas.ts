import { z } from 'zod';

/** The one REST error body (src/http/responses.ts `errorResponse`). */
export const errorBody = z
  .object({
    code: z.string().meta({ description: 'A code from the error table (src/shared/errors.ts).' }),
    message: z.string().meta({ description: 'A sentence for people; never parse it.' }),
  })
  .meta({ title: 'Error' });

/** An optional string the hand-written checks also took as null (null counts as absent). */
export const optionalString = () => z.string().nullish();

export const accessTokenReply = z.object({
  accessToken: z.string().meta({ description: 'A bearer token for the Authorization header.' }),
});

export const dateTime = () => z.iso.datetime();
