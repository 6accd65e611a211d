import { Writable } from 'node:stream';
import { createLogger } from '../../src/shared/logger.js';
import { quietUntilUsed } from '../../src/http/request-context.js';

/** The request logger: lines carry the request id; nothing is made for levels that are off. */
describe('request logger (quietUntilUsed)', () => {
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

  it('makes no child logger for lines of a level that is off, and one for the first line written', () => {
    const { lines, stream } = capture();
    const parent = createLogger('warn', stream);
    let made = 0;
    const log = quietUntilUsed(parent, () => {
      made += 1;
      return parent.child({ requestId: 'req-1' });
    });
    log.info({ orderId: 'A-1' }, 'payment created');
    log.debug('details');
    expect(made).toBe(0);
    log.warn({ orderId: 'A-1', apiKey: 'gk_secret' }, 'slow answer');
    log.error('failed');
    expect(made).toBe(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ requestId: 'req-1', orderId: 'A-1', apiKey: '[redacted]', msg: 'slow answer', level: 40 });
    expect(lines[1]).toMatchObject({ requestId: 'req-1', msg: 'failed', level: 50 });
  });

  it('behaves as the child for everything else (level checks, further children)', () => {
    const { lines, stream } = capture();
    const parent = createLogger('info', stream);
    const log = quietUntilUsed(parent, () => parent.child({ requestId: 'req-2' }));
    expect(log.isLevelEnabled('info')).toBe(true);
    expect(log.isLevelEnabled('debug')).toBe(false);
    log.child({ job: 'webhook' }).info('delivered');
    expect(lines[0]).toMatchObject({ requestId: 'req-2', job: 'webhook', msg: 'delivered' });
  });
});
