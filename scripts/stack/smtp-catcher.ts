// The embedded default's mail server: accepts every message on loopback and stores it, unchanged,
// as an .eml file in the mail folder, so what the system sends can be read (and tested) locally.
// Not for production: it has no authentication and delivers nothing onward.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { z } from 'zod';
import { readEnvironment } from '../../config/environment';

const CatcherEnvironment = z.object({
  ARENDE_SMTP_PORT: z.coerce.number().int().min(1).max(65535),
  ARENDE_MAIL_DIR: z.string().min(1),
});

/** File names sort by arrival: `2026-11-23T10-15-00.123Z-<uuid>.eml`. */
function mailFileName(receivedAt: Date): string {
  return `${receivedAt.toISOString().replace(/:/g, '-')}-${randomUUID()}.eml`;
}

export function startSmtpCatcher(options: { port: number; host?: string; mailDir: string }): Promise<SMTPServer> {
  mkdirSync(options.mailDir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    banner: 'Ärendeflöde SMTP catcher (embedded default)',
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        try {
          writeFileSync(join(options.mailDir, mailFileName(new Date())), Buffer.concat(chunks));
          callback();
        } catch (err) {
          callback(err as Error);
        }
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve(server));
  });
}

if (require.main === module) {
  const env = readEnvironment(CatcherEnvironment);
  startSmtpCatcher({ port: env.ARENDE_SMTP_PORT, mailDir: env.ARENDE_MAIL_DIR }).then(
    (server) => {
      console.log(`SMTP catcher listening on 127.0.0.1:${env.ARENDE_SMTP_PORT}, storing mail in ${env.ARENDE_MAIL_DIR}`);
      const stop = () => server.close(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    },
    (err) => {
      console.error(`SMTP catcher could not start: ${err.message}`);
      process.exit(1);
    },
  );
}
