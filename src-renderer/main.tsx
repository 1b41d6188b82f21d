// Renderer entry: picks the transport (Electron preload bridge, or `depthswap serve` over WebSocket), starts
// the studio, and routes uncaught errors to the errors panel.
import { createRoot } from 'react-dom/client';
import { ApiClient } from './api/client.ts';
import { electronTransport, websocketTransport, type Transport } from './api/transport.ts';
import { Studio } from './state/studio.ts';
import { StudioContext } from './components/context.ts';
import { App } from './components/App.tsx';
import './styles.css';

function pickTransport(onClosed: (why: string) => void): Transport {
  if (window.depthswap) return electronTransport(window.depthswap);
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('depthswap-token', fromUrl);
    history.replaceState(null, '', location.pathname);
  }
  const token = fromUrl ?? sessionStorage.getItem('depthswap-token') ?? '';
  return websocketTransport(token, onClosed);
}

let studio: Studio | null = null;
const transport = pickTransport((why) => studio?.reportError('engine', new Error(why)));
studio = new Studio(new ApiClient(transport));
const s = studio;
window.addEventListener('error', (e) => s.reportError('ui', e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => s.reportError('ui', e.reason));
void s.init();

createRoot(document.getElementById('root')!).render(
  <StudioContext.Provider value={s}>
    <App />
  </StudioContext.Provider>,
);
