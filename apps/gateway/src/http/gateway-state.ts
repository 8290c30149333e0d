import type { Middleware, ParameterizedContext } from 'koa';

/** What the gateway's middleware share about a request through `ctx.state`. */
export interface GatewayState {
  /**
   * The request path as Go routes it: percent-decoded (invalid UTF-8 bytes
   * as lone surrogates, see `go-path.ts`) and clean. Set by the mux before
   * any route runs.
   */
  goPath: string;
}

export type GatewayContext = ParameterizedContext<GatewayState>;
export type GatewayMiddleware = Middleware<GatewayState>;
