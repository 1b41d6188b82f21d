// Turns the contract into a dispatcher: unknown methods and bad arguments are rejected before any handler
// runs, results are checked against their schema, and every failure comes back as a readable error.
import type { z } from 'zod';
import { userMessage } from '../util/user-message.ts';
import {
  events,
  isMethodName,
  methods,
  type Args,
  type EventName,
  type EventPayload,
  type MethodName,
  type Response,
  type Result,
} from '../../src-shared/api/contract.ts';

export type Handlers = { [M in MethodName]: (args: Args<M>) => Promise<Result<M>> };
export type Dispatch = (method: string, args: unknown) => Promise<Response>;
export type EventSink = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

function issueText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(arguments)'}: ${i.message}`)
    .join('; ');
}

/** The one line a person reads (util/user-message.ts): no raw errno, no file contents. */
export function errorMessage(err: unknown): string {
  return userMessage(err);
}

export function createDispatcher(handlers: Handlers): Dispatch {
  return async (method, args) => {
    if (!isMethodName(method)) {
      return { ok: false, error: { code: 'unknown-method', message: `unknown API method '${method}'` } };
    }
    const spec = methods[method];
    const parsed = spec.args.safeParse(args ?? {});
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'bad-arguments', message: `${method}: bad arguments (${issueText(parsed.error)})` },
      };
    }
    let result: unknown;
    try {
      const handler = handlers[method] as (a: unknown) => Promise<unknown>;
      result = await handler(parsed.data);
    } catch (err) {
      return { ok: false, error: { code: 'failed', message: errorMessage(err) } };
    }
    const checked = spec.result.safeParse(result);
    if (!checked.success) {
      return {
        ok: false,
        error: {
          code: 'bad-result',
          message: `${method}: the engine answered badly (${issueText(checked.error)})`,
        },
      };
    }
    return { ok: true, result: checked.data };
  };
}

/** Validates an event payload before it leaves the engine (a bug here must not reach the UI silently). */
export function checkedSink(send: (name: EventName, payload: unknown) => void): EventSink {
  return (name, payload) => {
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) throw new Error(`event ${name}: bad payload (${issueText(parsed.error)})`);
    send(name, parsed.data);
  };
}
