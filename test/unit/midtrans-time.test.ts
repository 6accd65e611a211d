import { wibToIso } from '../../src/providers/midtrans/midtrans-time.js';

describe("Midtrans' times (WIB, no offset)", () => {
  it('become ISO-8601 with +07:00, the same instant', () => {
    expect(wibToIso('2025-01-02 10:11:12')).toBe('2025-01-02T10:11:12+07:00');
    expect(new Date(wibToIso('2025-01-02 10:11:12')!).toISOString()).toBe('2025-01-02T03:11:12.000Z');
    expect(wibToIso('2025-01-02 00:30:00')).toBe('2025-01-02T00:30:00+07:00');
  });

  it('keep a time that already has an offset, and give null for anything else', () => {
    expect(wibToIso('2025-01-02T10:11:12+07:00')).toBe('2025-01-02T10:11:12+07:00');
    expect(wibToIso('2025-01-02T03:11:12Z')).toBe('2025-01-02T03:11:12Z');
    expect(wibToIso(undefined)).toBeNull();
    expect(wibToIso('yesterday')).toBeNull();
    expect(wibToIso(1735787472)).toBeNull();
  });
});
