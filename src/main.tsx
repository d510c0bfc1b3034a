import { CONSOLE_PATH } from './app/console-path';
import { searchWorker } from './app/search-worker';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { ServicesProvider } from './app/services';
import { boot } from './app/boot';
import { registerServiceWorker } from './app/sw-update';
import './app/theme.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

if (CONSOLE_PATH.test(location.pathname)) {
  // The console is fetched only here, online (issue 15): a crew device never downloads it.
  import('./console/main').then(
    (console) => console.mountConsole(root),
    () => (root.textContent = 'The Rigside console needs a connection. Connect to the internet and reload.'),
  );
} else {
  const search = searchWorker();
  const services = boot(search.start, search.port);
  registerServiceWorker();
  createRoot(root).render(
    <StrictMode>
      <ServicesProvider services={services}>
        <App />
      </ServicesProvider>
    </StrictMode>,
  );
}
