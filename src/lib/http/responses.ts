/** Small responses that pages return before they render anything. */

/** A plain-text 404 for an address that names nothing (an unknown module or attempt). */
export function notFoundText(message: string): Response {
  return new Response(message, {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
