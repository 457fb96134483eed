// Behaviour of the `ss -tunap` parser, one rule per test, then properties over generated socket tables.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/shared/domain';
import { findParserForCommand } from '../../../src/shared/parsers/registry';
import { commands, detect, id, parse, version } from '../../../src/shared/parsers/linux/ss';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/linux-ss/${name}.txt`, import.meta.url), 'utf8');

const HEADER = 'Netid State     Recv-Q Send-Q             Local Address:Port        Peer Address:Port Process';

/** ss output: the header, then the rows, each line ended by LF. */
function ss(...rows: string[]): string {
  return [HEADER, ...rows].map((line) => `${line}\n`).join('');
}

describe('ss -tunap: sockets and their processes', () => {
  it('gives every process sharing a socket its own record, on the socket line, in ss order', () => {
    const { records, diagnostics } = parse(ss('tcp   LISTEN    0      16      0.0.0.0:8080   0.0.0.0:*     users:(("httpd worker 1",pid=6300,fd=3),("Web Content",pid=6299,fd=3),("lab-httpd",pid=6237,fd=3))'));
    expect(diagnostics).toEqual([]);
    expect(records.map((record) => [record.line, record.localPort, record.pid, record.process])).toEqual([
      [2, 8080, 6300, 'httpd worker 1'],
      [2, 8080, 6299, 'Web Content'],
      [2, 8080, 6237, 'lab-httpd'],
    ]);
  });

  it('reads a TCP connection with its state, queues and both ends', () => {
    const [record] = parse(ss('tcp   ESTAB     517    0       127.0.0.1:8080   127.0.0.1:43102 users:(("lab-httpd",pid=6237,fd=5))')).records;
    expect(record).toEqual<Connection>({
      line: 2,
      proto: 'TCP',
      localAddr: '127.0.0.1',
      localPort: 8080,
      remoteAddr: '127.0.0.1',
      remotePort: 43102,
      state: 'ESTAB',
      pid: 6237,
      process: 'lab-httpd',
      components: [],
      marks: [],
    });
  });

  it('reads interface-scoped addresses and keeps the interface after %', () => {
    const { records, diagnostics } = parse(ss(
      'udp   UNCONN    0      0        127.0.0.53%lo:53               0.0.0.0:*     users:(("systemd-resolve",pid=608,fd=13))',
      'udp   UNCONN    0      0      [fe80::fc:ff:fe00:1]%eth0:546    [::]:*     users:(("dhclient",pid=700,fd=6))',
      'udp   UNCONN    0      0      10.0.2.15%eth0:68      0.0.0.0:*   users:(("systemd-network",pid=418,fd=19))',
    ));
    expect(diagnostics).toEqual([]);
    expect(records.map((record) => [record.localAddr, record.localPort, record.marks])).toEqual([
      ['127.0.0.53%lo', 53, []],
      ['fe80::fc:ff:fe00:1%eth0', 546, []],
      ['10.0.2.15%eth0', 68, []],
    ]);
  });

  it('takes IPv6 addresses out of their brackets, IPv4-mapped ones whole', () => {
    const { records } = parse(ss(
      'tcp   ESTAB     0      0      [::ffff:127.0.0.1]:5432  [::ffff:127.0.0.1]:50248 users:(("postgres",pid=900,fd=6))',
      'tcp   LISTEN    0      128    [::]:22   [::]:*   users:(("sshd",pid=812,fd=4))',
      'tcp   LISTEN    0      128    :::2222   :::*',
    ));
    expect(records.map((record) => [record.localAddr, record.localPort, record.remoteAddr, record.remotePort])).toEqual([
      ['::ffff:127.0.0.1', 5432, '::ffff:127.0.0.1', 50248],
      ['::', 22, '::', null],
      ['::', 2222, '::', null],
    ]);
  });

  it('reads *:* as any address with no port', () => {
    const [record] = parse(ss('udp   UNCONN    0      0      *:42268     *:*     users:(("avahi-daemon",pid=6303,fd=4))')).records;
    expect(record).toMatchObject({ proto: 'UDP', localAddr: '*', localPort: 42268, remoteAddr: '*', remotePort: null, state: 'UNCONN' });
  });

  it('leaves pid and process empty and marks the owner unknown when there is no users column', () => {
    const { records, diagnostics } = parse(ss('tcp   TIME-WAIT 0      0      127.0.0.1:8080     127.0.0.1:43108'));
    expect(diagnostics).toEqual([]);
    expect(records).toEqual([expect.objectContaining({ state: 'TIME-WAIT', pid: null, process: null, marks: ['owner-unknown'] })]);
  });

  it('reads rows without a State column, as ss prints them under a state filter', () => {
    const text = 'Netid Recv-Q Send-Q      Local Address:Port        Peer Address:Port Process\nudp   0      0               192.0.2.2:57362          192.0.2.1:123   users:(("chronyd",pid=6304,fd=3))\n';
    const { records, diagnostics, structuralLines } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(structuralLines).toEqual([1]);
    expect(records).toEqual([expect.objectContaining({ proto: 'UDP', state: null, remotePort: 123, pid: 6304 })]);
  });

  it('reads rows without the header, as `ss -tunap | grep` prints them', () => {
    const { records, diagnostics } = parse('tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*    users:(("sshd",pid=812,fd=3))\n');
    expect(diagnostics).toEqual([]);
    expect(records).toEqual([expect.objectContaining({ line: 1, localPort: 22, pid: 812, process: 'sshd' })]);
  });

  it('keeps quotes, commas and spaces in a process name', () => {
    const { records } = parse(ss('tcp   LISTEN    0      1      127.0.0.1:9001    0.0.0.0:*     users:(("a"",pid=1017,fd=3),("x, (y",pid=1019,fd=3),("a",b",pid=7,fd=1))'));
    expect(records.map((record) => [record.process, record.pid])).toEqual([
      ['a"', 1017],
      ['x, (y', 1019],
      ['a",b', 7],
    ]);
  });

  it('refuses a users list with a ")" inside a name, which ss never prints (it cuts names there)', () => {
    const { records, diagnostics } = parse(ss('tcp   LISTEN    0      1      127.0.0.1:9002    0.0.0.0:*     users:(("x) y,(z",pid=1019,fd=3))'));
    expect(records).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'error' })]);
  });

  it('keeps an ANSI escape in a process name as text', () => {
    const [record] = parse(ss('tcp   LISTEN    0      1      127.0.0.1:9003    0.0.0.0:*     users:(("esc\x1b[31mred",pid=1021,fd=3))')).records;
    expect(record?.process).toBe('esc\x1b[31mred');
  });

  it('reads the users list of older ss versions, without pid= and fd=', () => {
    const [record] = parse(ss('tcp    LISTEN     0      128                    *:22                  *:*      users:(("sshd",1475,3))')).records;
    expect(record).toMatchObject({ pid: 1475, process: 'sshd' });
  });

  it('keeps a service-name port empty and says why', () => {
    const { records, diagnostics } = parse(ss('tcp    LISTEN     0      128     *:ssh                   *:*'));
    expect(records).toEqual([expect.objectContaining({ localAddr: '*', localPort: null })]);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'warning', message: expect.stringContaining('"ssh"') })]);
  });

  it('marks host names as not numeric', () => {
    const [record] = parse(ss('tcp   ESTAB     0      0      web1.example.net:22   10.0.0.7:50000   users:(("sshd",pid=900,fd=4))')).records;
    expect(record).toMatchObject({ localAddr: 'web1.example.net', marks: ['local-addr-not-numeric'] });
  });

  it('records the sockets it reads as read-only, sharing frozen marks', () => {
    const { records } = parse(ss('tcp   TIME-WAIT 0      0      127.0.0.1:8080     127.0.0.1:43108', 'tcp   TIME-WAIT 0      0      127.0.0.1:8080     127.0.0.1:43109'));
    expect(records[0]?.marks).toBe(records[1]?.marks);
    expect(Object.isFrozen(records[0]?.marks) && Object.isFrozen(records[0]?.components)).toBe(true);
  });
});

describe('ss -tunap: lines it cannot read', () => {
  it('keeps unparsed lines as diagnostics and reads the rest', () => {
    const { records, diagnostics } = parse(ss(
      'tcp   LISTEN    0      128    0.0.0.0:22   0.0.0.0:*   users:(("sshd",pid=812,fd=3))',
      '[output omitted]',
      'tcp   LISTEN    0      16     0.0.0.0:8080 0.0.0.0:*   users:(("httpd",pid=x,fd=3))',
      'tcp   LISTEN    0      16     0.0.0.0:80800 0.0.0.0:*',
      'tcp   LISTEN    0      16     0.0.0.0:8080 0.0.0.0:*   httpd',
      'tcp   ESTAB     0      0      10.0.0.5:22  10.0.0.7:50000 users:(("sshd",pid=900,fd=4))',
    ));
    expect(records.map((record) => record.line)).toEqual([2, 7]);
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[3, 'error'], [4, 'error'], [5, 'error'], [6, 'error']]);
    expect(diagnostics[0]).toMatchObject({ text: '[output omitted]', expected: expect.stringContaining('Netid State') });
  });

  it('does not trust a last line without a line break unless its users list is complete', () => {
    const row = 'tcp   ESTAB     517    0      127.0.0.1:8080     127.0.0.1:43102 users:(("lab-httpd",pid=6237,fd=5))';
    expect(parse(`${HEADER}\n${row}`).records).toHaveLength(1);
    const cut = parse(`${HEADER}\n${row.slice(0, row.indexOf(' users'))}`);
    expect(cut.records).toEqual([]);
    expect(cut.diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'error', message: expect.stringContaining('ends inside this line') })]);
    expect(parse(`${HEADER}\n${row.slice(0, -1)}`).records).toEqual([]);
  });

  it('reports sockets other than TCP and UDP as info, unread', () => {
    const { records, diagnostics } = parse(ss('u_str ESTAB     0      0      * 22658    * 22657', 'nl    UNCONN    0      0      rtnl:kernel  *'));
    expect(records).toEqual([]);
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[2, 'info'], [3, 'info']]);
  });

  it('says a header without Netid cannot tell TCP from UDP, and reads none of its rows', () => {
    const { records, diagnostics } = parse('State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\nLISTEN 0      128          0.0.0.0:22        0.0.0.0:*    users:(("sshd",pid=812,fd=3))\n');
    expect(records).toEqual([]);
    expect(diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[1, 'error'], [2, 'error']]);
    expect(diagnostics[0]?.message).toContain('Netid');
  });

  it('warns about text after the users list but keeps the socket', () => {
    const { records, diagnostics } = parse(ss('tcp   ESTAB     0      0      127.0.0.1:43102   127.0.0.1:8080  users:(("curl",pid=6306,fd=3)) ino:41234 sk:7'));
    expect(records).toHaveLength(1);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 2, severity: 'warning' })]);
  });

  it('treats the echoed command, the header and a final prompt as structure', () => {
    const { records, diagnostics, structuralLines } = parse(`root@web1:~# sudo ss -tunap | grep 8080\n${HEADER}\ntcp   LISTEN    0      16     0.0.0.0:8080 0.0.0.0:*   users:(("httpd",pid=70,fd=3))\nroot@web1:~# `);
    expect(diagnostics).toEqual([]);
    expect(structuralLines).toEqual([1, 2, 4]);
    expect(records).toHaveLength(1);
  });

  it('warns when a header comes again: the text holds two captures', () => {
    const { diagnostics, structuralLines } = parse(ss('udp   UNCONN    0      0      0.0.0.0:5353   0.0.0.0:*', HEADER));
    expect(structuralLines).toEqual([1, 3]);
    expect(diagnostics).toEqual([expect.objectContaining({ line: 3, severity: 'warning' })]);
  });

  it('reads nothing from an empty text', () => {
    expect(parse('')).toEqual({ format: id, parserVersion: version, records: [], sections: null, diagnostics: [], structuralLines: [] });
  });

  it('stays linear on thousands of unclosed brackets and a huge users list', () => {
    const brackets = 'tcp LISTEN 0 0 [a [b\n'.repeat(50_000);
    const users = `tcp LISTEN 0 0 0.0.0.0:80 0.0.0.0:* users:(${Array.from({ length: 50_000 }, (_, i) => `("w ${i}",pid=${i},fd=3)`).join(',')})\n`;
    for (const text of [brackets, users]) {
      const started = performance.now();
      parse(text);
      expect(performance.now() - started).toBeLessThan(1000);
    }
    expect(parse(users).records).toHaveLength(50_000);
  });
});

describe('ss -tunap: command and detection', () => {
  it.each(['ss -tunap', 'ss -tuanp', 'ss -antup', 'ss -ntpua', 'ss -tulpn', 'SS -TUNAP', 'ss -tunap | grep :443'])('recognises %j as ss -tunap', (typed) => {
    expect(findParserForCommand(typed)?.id).toBe(id);
  });

  it.each(['ss -tlnp', 'ss -tunapi', 'ss -s', 'ss'])('does not take %j for ss -tunap', (typed) => {
    expect(findParserForCommand(typed)?.id).not.toBe(id);
  });

  it('lists the flags in every order, -tunap first', () => {
    expect(commands[0]).toBe('ss -tunap');
    expect(new Set(commands).size).toBe(240);
  });

  it('detects ss output by its header and rows, and not netstat output', () => {
    expect(detect(fixture('debian12-root'))).toBe(1);
    expect(detect(fixture('debian12-tuanp-not-root'))).toBe(1);
    expect(detect('tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*    users:(("sshd",pid=812,fd=3))\n')).toBeGreaterThanOrEqual(0.5);
    expect(detect('Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\ntcp        0      0 0.0.0.0:22              0.0.0.0:*               LISTEN      812/sshd\n')).toBe(0);
    expect(detect('')).toBe(0);
  });
});

// Properties over generated socket tables.

interface GeneratedSocket {
  proto: 'tcp' | 'udp';
  state: string;
  recvQ: number;
  sendQ: number;
  local: GeneratedEndpoint;
  peer: GeneratedEndpoint;
  users: { name: string; pid: number; fd: number }[];
}

interface GeneratedEndpoint {
  /** As ss prints it. */
  printed: string;
  address: string;
  port: number | null;
}

const octet = fc.nat(255);
const ipv4 = fc.tuple(octet, octet, octet, octet).map((parts) => parts.join('.'));
const hexGroup = fc.nat(0xffff).map((value) => value.toString(16));
const port = fc.oneof(fc.nat(65535), fc.constant(null));
const endpoint: fc.Arbitrary<GeneratedEndpoint> = fc.oneof(
  fc.tuple(ipv4, port).map(([address, p]) => ({ printed: `${address}:${p ?? '*'}`, address, port: p })),
  fc.tuple(ipv4, fc.constantFrom('lo', 'eth0', 'ens33'), port).map(([address, zone, p]) => ({ printed: `${address}%${zone}:${p ?? '*'}`, address: `${address}%${zone}`, port: p })),
  fc.tuple(fc.array(hexGroup, { minLength: 1, maxLength: 6 }), port).map(([groups, p]) => ({ printed: `[${groups.join(':')}::]:${p ?? '*'}`, address: `${groups.join(':')}::`, port: p })),
  fc.tuple(ipv4, port).map(([address, p]) => ({ printed: `[::ffff:${address}]:${p ?? '*'}`, address: `::ffff:${address}`, port: p })),
  fc.tuple(hexGroup, fc.constantFrom('eth0', 'wlan0'), port).map(([group, zone, p]) => ({ printed: `[fe80::${group}]%${zone}:${p ?? '*'}`, address: `fe80::${group}%${zone}`, port: p })),
  port.map((p) => ({ printed: `*:${p ?? '*'}`, address: '*', port: p })),
);
/** Process names as ss prints them: up to 15 characters, any but ")" (ss cuts there) and line breaks. */
const processName = fc.string({ minLength: 1, maxLength: 15 }).filter((name) => !/[)\r\n]/.test(name));
const socket: fc.Arbitrary<GeneratedSocket> = fc.record({
  proto: fc.constantFrom('tcp' as const, 'udp' as const),
  state: fc.constantFrom('LISTEN', 'ESTAB', 'UNCONN', 'TIME-WAIT', 'CLOSE-WAIT', 'SYN-SENT', 'FIN-WAIT-1', 'LAST-ACK'),
  recvQ: fc.nat(1 << 20),
  sendQ: fc.nat(1 << 20),
  local: endpoint,
  peer: endpoint,
  users: fc.array(fc.record({ name: processName, pid: fc.integer({ min: 1, max: 4_194_304 }), fd: fc.nat(65535) }), { maxLength: 3 }),
});

/** One row as ss lays it out: fields padded into columns, addresses right-aligned, the users list last. */
function renderRow(row: GeneratedSocket): string {
  const users = row.users.length === 0 ? '' : ` users:(${row.users.map((user) => `("${user.name}",pid=${user.pid},fd=${user.fd})`).join(',')})`;
  return `${row.proto.padEnd(5)} ${row.state.padEnd(9)} ${String(row.recvQ).padEnd(6)} ${String(row.sendQ).padEnd(6)} ${row.local.printed.padStart(30)} ${row.peer.printed.padStart(24)}${users}`;
}

function render(rows: readonly GeneratedSocket[]): string {
  return ss(...rows.map(renderRow));
}

function expectedRecords(rows: readonly GeneratedSocket[]): Connection[] {
  return rows.flatMap((row, index): Connection[] => {
    const base = {
      line: index + 2,
      proto: row.proto.toUpperCase(),
      localAddr: row.local.address,
      localPort: row.local.port,
      remoteAddr: row.peer.address,
      remotePort: row.peer.port,
      state: row.state,
      components: [],
    };
    if (row.users.length === 0) return [{ ...base, pid: null, process: null, marks: ['owner-unknown'] }];
    return row.users.map((user) => ({ ...base, pid: user.pid, process: user.name, marks: [] }));
  });
}

const table = fc.array(socket, { maxLength: 30 });

describe('ss -tunap properties', () => {
  it('reads back sockets rendered in ss columns, one record per process (round trip)', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const result = parse(render(rows));
        expect(result.diagnostics).toEqual([]);
        expect(result.records).toEqual(expectedRecords(rows));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result for CRLF and LF line ends and for trailing padding', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\r', ' ', '   ', '\t', ' \r'), (rows, padding) => {
        const text = render(rows);
        expect(parse(text.replaceAll('\n', `${padding}\n`))).toEqual(parse(text));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a prefix of the output as a prefix of its records, never an invented one (truncation)', () => {
    fc.assert(
      fc.property(table, fc.double({ min: 0, max: 1, noNaN: true }), (rows, where) => {
        const text = render(rows);
        const full = parse(text).records;
        const cut = Math.floor(where * text.length);
        const prefix = parse(text.slice(0, cut)).records;
        const lineEnds = [...text.matchAll(/\n/g)].map((match) => match.index);
        const complete = full.filter((record) => lineEnds[record.line - 1]! < cut).length;
        expect(prefix).toEqual(full.slice(0, prefix.length));
        expect(prefix.length).toBeGreaterThanOrEqual(complete);
      }),
      { numRuns: 300 },
    );
  });
});
