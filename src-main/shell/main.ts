// Electron main: one secure window (context isolation, sandbox, no Node in the page, strict CSP, no
// navigation, no new windows, no remote content, all permission requests and checks denied), the app:// protocol
// serving the renderer and frames, the typed API over IPC (validated in ./ipc.ts), long jobs in worker
// threads, native menus, recent projects, and a guard against closing with unsaved changes.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkedSink, createDispatcher } from '../server/dispatch.ts';
import { createEngine } from '../server/engine.ts';
import { createHandlers } from '../server/handlers.ts';
import { readRecent } from '../project/recent.ts';
import {
  API_CALL_CHANNEL,
  API_EVENT_CHANNEL,
  APP_ORIGIN,
  APP_SCHEME,
  createIpcHandler,
  isAppUrl,
} from './ipc.ts';
import { appProtocolResponse } from './protocol.ts';
import { buildMenu } from './menu.ts';

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

// Bundled to dist/main/main.cjs: siblings preload.cjs and job-worker.cjs, the renderer in dist/renderer.
const here = __dirname;
const rendererDir = path.join(here, '..', 'renderer');

let win: BrowserWindow | null = null;

function send(name: string, payload: unknown): void {
  if (win && !win.isDestroyed()) win.webContents.send(API_EVENT_CHANNEL, name, payload);
}

async function start(): Promise<void> {
  await app.whenReady();
  const stateDir = app.getPath('userData');
  const emit = checkedSink(send);
  // Packaged: resources/models is unpacked from the asar; in development it is the repository's.
  const modelDir = app.isPackaged
    ? path.join(process.resourcesPath, 'app.asar.unpacked', 'resources', 'models', 'depthnet')
    : path.join(here, '..', '..', 'resources', 'models', 'depthnet');
  const backend = createHandlers({
    version: app.getVersion(),
    engine: createEngine(true, modelDir),
    modelDir,
    emit,
    stateDir,
    home: app.getPath('home'),
    autosaveIntervalMs: 30_000,
    jobWorkerUrl: pathToFileURL(path.join(here, 'job-worker.cjs')),
    // handlers.ts calls this only for files the engine wrote this session.
    reveal: async (p) => shell.showItemInFolder(p),
  });
  const dispatch = createDispatcher(backend.handlers);
  const ipcHandler = createIpcHandler(dispatch);
  ipcMain.handle(API_CALL_CHANNEL, async (event, method: unknown, args: unknown) => {
    const response = await ipcHandler(event, method, args);
    if (response.ok && method === 'project.open' && typeof args === 'object' && args && 'path' in args) {
      app.addRecentDocument(String(args.path));
      void refreshMenu();
    }
    return response;
  });

  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(request, rendererDir, backend.media));
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // Permission checks (queried without a prompt: clipboard, media, fonts...) are all denied as well.
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    // No remote content: only the app's own protocol, devtools and data/blob URLs load.
    const ok = /^(app|devtools|data|blob|chrome-extension):/.test(details.url);
    callback({ cancel: !ok });
  });

  win = new BrowserWindow({
    width: 1500,
    height: 920,
    title: 'DepthSwap Studio',
    backgroundColor: '#16181d',
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const refreshMenu = async () => {
    if (win)
      Menu.setApplicationMenu(buildMenu(win, emit, await readRecent(path.join(stateDir, 'recent.json'))));
  };
  await refreshMenu();

  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win!, {
      type: 'question',
      buttons: ['Discard changes and close', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'The project has unsaved changes.',
      detail: 'An autosave is kept for recovery, but the project file itself is not updated.',
    });
    if (choice === 0) event.preventDefault();
  });
  win.on('closed', () => {
    win = null;
  });
  app.on('window-all-closed', () => {
    void backend.dispose().finally(() => app.quit());
  });
  await win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

if (!app.requestSingleInstanceLock()) app.quit();
else
  start().catch((err: unknown) => {
    dialog.showErrorBox('DepthSwap Studio could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
