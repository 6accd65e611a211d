import net from 'node:net';

/**
 * Tests talk only to loopback: the fake Midtrans and gerbang itself. Any other destination fails loudly,
 * so no test can reach (or depend on) the real Midtrans.
 */
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;
// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the socket as `this`
const connect = net.Socket.prototype.connect as (...args: unknown[]) => net.Socket;

net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  const options = (Array.isArray(first) ? first[0] : first) as { host?: string; path?: string } | number | string;
  const host =
    typeof options === 'object' && options !== null
      ? options.path !== undefined
        ? 'localhost'
        : (options.host ?? 'localhost')
      : typeof options === 'number'
        ? typeof args[1] === 'string'
          ? args[1]
          : 'localhost'
        : 'localhost';
  if (!LOOPBACK.test(host)) throw new Error(`test network guard: connection to ${host} refused (tests stay on loopback)`);
  return connect.apply(this, args);
};
