import { HttpResponse } from 'msw';

let trace = 0;

/** A Graph API error response, shaped like Meta's (`error.code`, `error_data.details`, `fbtrace_id`). */
export function graphError(code: number, title: string, details: string, status = 400): Response {
  trace++;
  return HttpResponse.json(
    {
      error: {
        message: `(#${code}) ${title}`,
        type: 'OAuthException',
        code,
        error_data: { messaging_product: 'whatsapp', details },
        fbtrace_id: `SIM${trace.toString(36).padStart(8, '0')}`,
      },
    },
    { status },
  );
}
