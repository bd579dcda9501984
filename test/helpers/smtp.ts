/** A real SMTP server on loopback that keeps what it receives, stopped after each test. */
import { SMTPServer } from 'smtp-server';
import { afterEach, onTestFinished } from 'vitest';

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: string;
}

export interface TestSmtpServer {
  /** smtp://127.0.0.1:<port> */
  url: string;
  messages: ReceivedMail[];
  /** Resolves with the messages once `count` have arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
  /** Holds every new message at MAIL FROM until `resume`: senders wait, and nothing more is accepted meanwhile. */
  pause(): void;
  resume(): void;
}

const running: TestSmtpServer[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

/**
 * `refuse`: recipients the server answers with 550 (mailbox unknown), as a real server refuses a wrong address;
 * the answer repeats the address, as real servers' answers do.
 */
export async function startSmtpServer({ refuse = [] }: { refuse?: string[] } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  let held: (() => void)[] | undefined;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onMailFrom(_address, _session, callback) {
      if (held) held.push(() => callback());
      else callback();
    },
    onRcptTo(address, _session, callback) {
      if (!refuse.includes(address.address)) return callback();
      const error = new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`);
      return callback(Object.assign(error, { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope;
        messages.push({
          envelope: { from: mailFrom ? mailFrom.address : '', to: rcptTo.map((rcpt) => rcpt.address) },
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as { port: number };
  let closed: Promise<void> | undefined;
  const handle: TestSmtpServer = {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline)
          throw new Error(`${messages.length} of ${count} messages in ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages;
    },
    close: () => (closed ??= new Promise<void>((resolve) => server.close(() => resolve()))),
    pause: () => void (held ??= []),
    resume() {
      const waiting = held ?? [];
      held = undefined;
      for (const release of waiting) release();
    },
  };
  running.push(handle);
  return handle;
}

/** A received message as a reader sees it: subject, plain text, attachments. */
export async function parseMail(raw: string) {
  const { simpleParser } = await import('mailparser');
  const parsed = await simpleParser(raw);
  return {
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    to: parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '',
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
    })),
  };
}

/**
 * A port of this test's own where no mail server answers: connections are accepted and closed at once. Unlike a
 * port that is merely free, no other test's server can start listening on it meanwhile.
 */
export async function deadSmtpServer(): Promise<{ url: string }> {
  const { createServer } = await import('node:net');
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `smtp://127.0.0.1:${port}` };
}
