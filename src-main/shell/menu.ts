// The native menu with the usual accelerators. Items post 'menu.command' events to the renderer; Open and
// Import use the native file dialog first.
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { EventSink } from '../server/dispatch.ts';

const MEDIA_EXTENSIONS = [
  'mov',
  'mp4',
  'm4v',
  'mkv',
  'mxf',
  'avi',
  'webm',
  'png',
  'jpg',
  'jpeg',
  'ppm',
  'tif',
  'tiff',
];

export function buildMenu(win: BrowserWindow, emit: EventSink, recent: string[]): Menu {
  const send = (command: 'new' | 'save' | 'saveAs' | 'undo' | 'redo' | 'export' | 'import' | 'open') => () =>
    emit('menu.command', { command });
  const pick = async (title: string, extensions: string[]) => {
    const r = await dialog.showOpenDialog(win, {
      title,
      properties: ['openFile'],
      filters: [{ name: title, extensions }],
    });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Project', accelerator: 'CmdOrCtrl+N', click: send('new') },
        {
          label: 'Open Project...',
          accelerator: 'CmdOrCtrl+O',
          click: () =>
            void pick('Open project', ['dsproj']).then((p) => {
              if (p) emit('menu.command', { command: 'openRecent', path: p });
            }),
        },
        {
          label: 'Open Recent',
          submenu: recent.length
            ? recent.map((p) => ({
                label: p,
                click: () => emit('menu.command', { command: 'openRecent', path: p }),
              }))
            : [{ label: 'No recent projects', enabled: false }],
        },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send('save') },
        { label: 'Save As...', accelerator: 'CmdOrCtrl+Shift+S', click: send('saveAs') },
        { type: 'separator' },
        {
          label: 'Import Media...',
          accelerator: 'CmdOrCtrl+I',
          click: () =>
            void pick('Import media', MEDIA_EXTENSIONS).then((p) => {
              if (p) emit('menu.command', { command: 'importMedia', path: p });
            }),
        },
        { label: 'Export...', accelerator: 'CmdOrCtrl+E', click: send('export') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: send('undo') },
        { label: 'Redo', accelerator: isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y', click: send('redo') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: `DepthSwap Studio ${app.getVersion()}`, enabled: false }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
