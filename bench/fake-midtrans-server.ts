// The fake Midtrans of the tests as its own process, for the benchmark: `node bench/fake-midtrans-server.ts <latency ms>`.
import { FakeMidtrans } from '../test/helpers/fake-midtrans.ts';

const fake = await new FakeMidtrans().start();
fake.latencyMs = Number(process.argv[2] ?? 0);
// Unpaid orders answer "not found"; the benchmark pays some so that /status has a real answer.
// The webhook scenarios also take the signed notifications Midtrans would send for paid orders.
process.on('message', (message: { pay?: string[]; notify?: string[] }) => {
  for (const orderId of message.pay ?? []) fake.customerPays(orderId);
  process.send?.({ paid: message.pay?.length ?? 0, notifications: (message.notify ?? []).map((orderId) => fake.notification(orderId)) });
});
process.send?.({ url: fake.url, serverKey: fake.serverKey });
