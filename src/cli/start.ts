// `npm start`: builds the production app (service worker included) and serves it on
// 127.0.0.1, so what you open is what a rig installs. PORT overrides the default 4173.
import { build, preview } from 'vite';

const port = Number(process.env['PORT'] ?? 4173);
if (!Number.isInteger(port) || port <= 0) {
  console.error(`PORT must be a port number, got "${process.env['PORT']}"`);
  process.exit(2);
}

await build({ logLevel: 'warn' });
const server = await preview({ preview: { host: '127.0.0.1', port, strictPort: true } });
console.log(`Rigside is running at http://127.0.0.1:${port}/  (Ctrl+C to stop)`);

const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
