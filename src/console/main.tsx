import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readServerConfig } from '../sync/server-config';
import { createConsoleClient } from './console-client';
import { ConsoleApp } from './ConsoleApp';
import css from './console.css?inline';

/**
 * The console's entry, loaded by src/main.tsx only at /console: its code, styles and chart
 * library are separate chunks (assets/console/) that the crew app never fetches and its service
 * worker never precaches. The styles come inline with the code, so loading it is one request.
 */
export function mountConsole(root: HTMLElement): void {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  document.title = 'Rigside console';
  const config = readServerConfig();
  createRoot(root).render(
    <StrictMode>
      <ConsoleApp client={config ? createConsoleClient(config) : null} />
    </StrictMode>,
  );
}
