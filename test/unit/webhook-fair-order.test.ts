import { fairOrder } from '../../src/jobs/webhook-dispatcher.js';

describe('fairOrder', () => {
  const event = (id: string, appId: number) => ({ id, appId });

  it('interleaves the apps, each app in its own order', () => {
    const events = [event('a1', 1), event('a2', 1), event('a3', 1), event('b1', 2), event('c1', 3), event('b2', 2)];
    expect(fairOrder(events).map((e) => e.id)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('keeps every event once', () => {
    expect(fairOrder([])).toEqual([]);
    const many = Array.from({ length: 50 }, (_, i) => event(`e${i}`, i % 7));
    expect(new Set(fairOrder(many).map((e) => e.id)).size).toBe(50);
  });
});
