// A stand-in for an incubator's site, on another origin than the app, to show (and test) embedding:
//   npm run demo:host -- --app http://127.0.0.1:3000 --code ABCD3467 [--area ai] [--port 8080]
// List http://localhost:<port> among the programme's embed sites first. The page has a strict CSP.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const DIR = import.meta.dirname;

export async function startDemoHost(opts: { app: string; code: string; area?: string; port?: number; host?: string }): Promise<{ url: string; server: Server }> {
  const page = readFileSync(join(DIR, 'host.html'), 'utf8')
    .replaceAll('{{APP}}', opts.app).replaceAll('{{CODE}}', opts.code).replaceAll('{{AREA}}', opts.area ?? 'ai');
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', page],
    '/host.js': ['text/javascript; charset=utf-8', readFileSync(join(DIR, 'host.js'), 'utf8')],
    '/host.css': ['text/css; charset=utf-8', readFileSync(join(DIR, 'host.css'), 'utf8')],
  };
  const server = createServer((req, res) => {
    const file = files[(req.url ?? '/').split('?')[0]];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': file[0],
      'content-security-policy': `default-src 'self'; script-src 'self' ${opts.app}; frame-src ${opts.app}; style-src 'self'; object-src 'none'; base-uri 'none'`,
    });
    res.end(file[1]);
  });
  const host = opts.host ?? 'localhost';
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host === 'localhost' ? '127.0.0.1' : host, resolve));
  return { url: `http://${host}:${(server.address() as AddressInfo).port}`, server };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
  const app = arg('app') ?? 'http://127.0.0.1:3000';
  const code = arg('code');
  if (!code) throw new Error('give the programme\'s code: --code ABCD3467');
  startDemoHost({ app, code, area: arg('area'), port: Number(arg('port') ?? 8080) }).then(({ url }) => console.log(`demo host on ${url} (add it to the programme's embed sites)`));
}
