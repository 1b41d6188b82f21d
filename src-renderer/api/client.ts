// The typed client derived from the contract: arguments typed by method, results validated with the same
// zod schemas the engine uses, events typed by name.
import {
  events,
  audioQuery,
  frameQuery,
  methods,
  type Args,
  type EventName,
  type EventPayload,
  type MethodName,
  type Result,
} from '../../src-shared/api/contract.ts';
import type { Transport } from './transport.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: string;
  readonly method: string;
  constructor(method: string, code: string, message: string) {
    super(message);
    this.code = code;
    this.method = method;
  }
}

export class ApiClient {
  readonly transport: Transport;
  constructor(transport: Transport) {
    this.transport = transport;
  }

  async call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
    const response = await this.transport.call(method, args);
    if (!response.ok) throw new ApiError(method, response.error.code, response.error.message);
    const parsed = methods[method].result.safeParse(response.result);
    if (!parsed.success)
      throw new ApiError(method, 'bad-result', `${method}: unexpected answer from the engine`);
    return parsed.data as Result<M>;
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.transport.onEvent((n, payload) => {
      if (n !== name) return;
      const parsed = events[name].safeParse(payload);
      if (parsed.success) listener(parsed.data as EventPayload<E>);
    });
  }

  /** `proxy`: from the clip's scrub proxy when it has one; `matte`: the frame's alpha as a grey image. */
  /** The review audio (WAV) of a rendered file: GET answers 204 when it has no sound. */
  audioUrl(path: string): string {
    return this.transport.url(audioQuery({ path }));
  }

  frameUrl(
    path: string,
    index: number,
    maxWidth?: number,
    opts: { proxy?: boolean; matte?: boolean } = {},
  ): string {
    return this.transport.url(
      frameQuery({
        path,
        index,
        ...(maxWidth ? { maxWidth } : {}),
        ...(opts.proxy ? { proxy: true } : {}),
        ...(opts.matte ? { matte: true } : {}),
      }),
    );
  }

  /** The alpha of a frame (the swap preview's matte) as a grey image. */
  matteUrl(path: string, index: number, maxWidth?: number): string {
    return this.transport.url(frameQuery({ path, index, matte: true, ...(maxWidth ? { maxWidth } : {}) }));
  }
}
