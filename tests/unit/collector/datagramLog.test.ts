// The raw text of a flow export collection: one line per datagram, read back to the same bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datagramLine, readDatagramLine, readDatagramLog } from '../../../src/shared/collector/datagramLog';

describe('the datagram log', () => {
  it('writes time, exporter, length and the bytes in hex', () => {
    expect(datagramLine({ receivedAt: Date.UTC(2026, 11, 7, 13, 0, 0, 5), exporter: '[::1]:40123', bytes: Uint8Array.of(0, 9, 0xff) })).toBe('2026-12-07T13:00:00.005Z [::1]:40123 3 0009ff');
  });

  it('reads back every datagram it wrote, byte for byte', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ receivedAt: fc.integer({ min: 0, max: 4_102_444_800_000 }), exporter: fc.constantFrom('127.0.0.1:2055', '[::1]:9995'), bytes: fc.uint8Array({ maxLength: 300 }) }), { maxLength: 20 }), (datagrams) => {
        const raw = datagrams.map((datagram) => `${datagramLine(datagram)}\n`).join('');
        const read = readDatagramLog(raw);
        expect(read.problems).toEqual([]);
        expect(read.datagrams).toEqual(datagrams.map((datagram, index) => ({ ...datagram, line: index + 1 })));
      }),
    );
  });

  it('names the lines that are not a datagram, by number, and reads the others', () => {
    const good = datagramLine({ receivedAt: 0, exporter: '127.0.0.1:1', bytes: Uint8Array.of(1, 2) });
    const read = readDatagramLog(`${good}\nnot a datagram\n1970-01-01T00:00:00.000Z 127.0.0.1:1 3 0102\n${good}\n`);
    expect(read.datagrams.map((datagram) => datagram.line)).toEqual([1, 4]);
    expect(read.problems).toEqual([
      { line: 2, message: 'expected "<ISO-8601 UTC time> <exporter> <length> <hex bytes>"' },
      { line: 3, message: 'the line says 3 bytes but holds 2' },
    ]);
    expect(readDatagramLine('1970-01-01T00:00:00.000Z 127.0.0.1:1 1 0G')).toEqual(expect.any(String));
  });
});
