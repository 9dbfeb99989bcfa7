/** Requests as a browser or a script might send them, for the tests of the readers that cap a body's size. */

/** A POST to `url` whose body arrives as a stream with no Content-Length, as a chunked upload does. */
export function streamedPost(url: string, contentType: string, body: ReadableStream<Uint8Array>): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
    duplex: 'half',
  } as RequestInit);
}
