import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger, requestScope } from '../../src/shared/logger.js';

/** The process logger: a request's lines carry its id, other lines none; secrets are redacted. */
describe('request logging (requestScope)', () => {
  const capture = () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    return { lines, stream };
  };

  it('lines written while serving a request carry its id, also after awaiting; lines outside carry none', async () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    await Promise.all([
      requestScope.run('req-1', async () => {
        await sleep(5);
        log.warn({ orderId: 'A-1', apiKey: 'gk_secret' }, 'slow answer');
      }),
      requestScope.run('req-2', async () => {
        log.child({ job: 'webhook' }).info('delivered');
        await sleep(1);
        log.error('failed');
      }),
    ]);
    log.info('outside');
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.msg === 'slow answer')).toMatchObject({ requestId: 'req-1', orderId: 'A-1', apiKey: '[redacted]', level: 40 });
    expect(lines.find((l) => l.msg === 'delivered')).toMatchObject({ requestId: 'req-2', job: 'webhook' });
    expect(lines.find((l) => l.msg === 'failed')).toMatchObject({ requestId: 'req-2', level: 50 });
    expect(lines.find((l) => l.msg === 'outside')).not.toHaveProperty('requestId');
  });

  it("a line's own requestId field wins over the scope's", () => {
    const { lines, stream } = capture();
    const log = createLogger('info', stream);
    requestScope.run('req-3', () => log.info({ requestId: 'given' }, 'explicit'));
    expect(lines[0]).toMatchObject({ requestId: 'given', msg: 'explicit' });
  });
});
