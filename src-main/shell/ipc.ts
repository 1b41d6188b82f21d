// The IPC layer as plain functions (no electron import, so it is tested without Electron): a call is
// refused unless it comes from the studio's own page (app://studio), and its arguments are validated
// against the contract by the dispatcher before any handler runs.
import type { Response } from '../../src-shared/api/contract.ts';
import type { Dispatch } from '../server/dispatch.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const API_CALL_CHANNEL = 'api:call';
export const API_EVENT_CHANNEL = 'api:event';

/** The part of Electron's IpcMainInvokeEvent this layer looks at. */
export interface IpcEventLike {
  senderFrame: { url: string } | null;
}

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

export function createIpcHandler(dispatch: Dispatch, isTrusted: (url: string) => boolean = isAppUrl) {
  return async (event: IpcEventLike, method: unknown, args: unknown): Promise<Response> => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrusted(url)) {
      return {
        ok: false,
        error: {
          code: 'untrusted-sender',
          message: `refused an API call from an unexpected page (${url || 'unknown'})`,
        },
      };
    }
    if (typeof method !== 'string') {
      return { ok: false, error: { code: 'bad-arguments', message: 'the API method name must be a string' } };
    }
    return dispatch(method, args);
  };
}
