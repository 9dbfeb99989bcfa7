/**
 * Which address a request came from, for rate limits. Astro's Node adapter fills `clientAddress` from the
 * left-most `X-Forwarded-For` value whenever that header is present, so a client could name any address it
 * liked (review F-1). `src/cli/serve.ts` therefore passes the socket's own address in `PEER_ADDRESS_HEADER`,
 * overwriting any value the client sent, and only a configured trusted proxy's additions to
 * `X-Forwarded-For` are believed.
 */
import { config, type TrustProxy } from '../config.ts';

/** Set by the server from the socket on every request; a value sent by the client is overwritten. */
export const PEER_ADDRESS_HEADER = 'x-portal-peer-address';

/**
 * The client's address from the socket's address (`peer`), the `X-Forwarded-For` header and the proxy
 * setting. With no trusted proxy: the socket. With N hops: the address the N-th proxy from this server
 * appended, counting from the right, never the client's own left-most values. With trusted proxy
 * addresses: the right-most address in the chain that is not one of them.
 */
export function addressFromChain(peer: string, forwardedFor: string | null, trust: TrustProxy | null): string {
  if (trust === null) return plain(peer);
  const chain = [
    ...(forwardedFor ?? '')
      .split(',')
      .map((hop) => plain(hop.trim()))
      .filter((hop) => hop !== ''),
    plain(peer),
  ];
  if ('hops' in trust) return chain[Math.max(0, chain.length - 1 - trust.hops)]!;
  const trusted = new Set(trust.addresses.map(plain));
  for (let i = chain.length - 1; i >= 0; i -= 1) {
    if (!trusted.has(chain[i]!)) return chain[i]!;
  }
  return chain[0]!;
}

/** An IPv4 address as Node reports it on a dual-stack socket (`::ffff:192.0.2.1`) written plainly. */
function plain(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}

/**
 * The client's address for a request. `fallback` (Astro's `clientAddress`) is used only when the request did
 * not come through `serve.ts`, i.e. under `astro dev`.
 */
export function clientAddress(request: Request, fallback: string): string {
  const peer = request.headers.get(PEER_ADDRESS_HEADER) ?? fallback;
  return addressFromChain(peer, request.headers.get('x-forwarded-for'), config.trustProxy);
}
