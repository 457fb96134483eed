// Parses Linux `ss -tunap`: one Connection per TCP/UDP socket and process that holds it.
//
// Rules the fixtures hold it to:
// - Rows are read field by field, left to right: Netid, State (absent under a `state …` filter), Recv-Q, Send-Q, the
//   local and the peer address:port, then the Process column to the end of the line. Column positions are not used:
//   ss widens each column to its longest value, and copies collapse whitespace. The header is recognised but not
//   needed, since `ss -tunap | grep :443` drops it.
// - A socket held by several processes (a preforking server, systemd socket activation) lists them all in
//   `users:((…),(…))`: every (socket, process) pair is its own record, all on the socket's line, in ss's order.
// - A process name ends at the first `)` after it: ss itself cuts names there (it reads them from /proc/<pid>/stat),
//   so a name cannot close its entry early, while the quotes, commas and spaces a name may hold are kept.
// - No Process column (ss not run as root, TIME-WAIT sockets): pid and process are null and the record is marked
//   `owner-unknown`.
// - Sockets other than TCP and UDP (unix, netlink, raw… when ss ran with -a alone) are reported as info, not read.
// - Every line that is not understood becomes a Diagnostic with its line number; the rest still parses.
// - A last line with no line break after it is trusted only when it ends with a complete users list: anything else
//   may have been cut by a dropped connection (a peer port 51234 cut to 512 still looks like a row).
// - Verbatim text (Diagnostic.text) is the line without its line end and trailing whitespace.
// - The command echoed with its prompt, and a shell prompt ending the text, are structure, not output.
// - Records are read-only: `marks` and `components` are shared frozen arrays.
import type { Connection, HostRecordMark, ParseResult } from '../../domain';
import { SliceCache } from '../sliceCache';
import { parseDigits } from '../digits';
import type { TextLine } from '../lineWalker';
import { isConsoleSpace as isSpace } from '../whitespace';
import { headLines, OutputLog, readFields, shellLineReader } from './outputText';
import { readSocketAddress, type SocketAddress } from './socketAddress';
import { MARK_LOCAL, MARK_OWNER, MARK_REMOTE, NO_COMPONENTS, SOCKET_MARKS } from '../socketMarks';

export const id = 'linux-ss';
export const version = '1.0.0';

/** The letters of one flag cluster in any order: t, u, n and p with a (all sockets) or l (listening only). */
export const commands: readonly string[] = [...flagOrders('tunap'), ...flagOrders('tunlp')].map((flags) => `ss -${flags}`);

/** `ss -tunap` output has no sections: everything is a socket row. */
export type SsResult = ParseResult<Connection, null>;

const readShellLine = shellLineReader(commands);

function flagOrders(letters: string): string[] {
  if (letters.length <= 1) return [letters];
  return [...letters].flatMap((letter, i) => flagOrders(letters.slice(0, i) + letters.slice(i + 1)).map((rest) => letter + rest));
}

const EXPECTED = {
  row: 'a socket row: Netid State Recv-Q Send-Q Local-Address:Port Peer-Address:Port, then users:(("name",pid=…,fd=…),…) when ss ran as root',
  header: 'the ss header: Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
  users: 'users:(("name",pid=<number>,fd=<number>),…)',
} as const;

/** The header ss prints, words joined by single spaces; "Address:PortProcess" is how iproute2 6 prints it, unspaced. */
const HEADER = /^(Netid )?(State )?Recv-Q Send-Q Local Address:Port Peer Address:Port ?(?:Process)?$/;
const HEADER_WORDS = new Set(['Netid', 'State', 'Recv-Q']);
const STATE = /^[A-Z][A-Z0-9-]{0,19}$/;
/** Netids of sockets this parser does not read: u_str, nl, p_raw, icmp6, raw, sctp, mptcp, v_str, tipc… */
const OTHER_NETID = /^[a-z][a-z0-9_]{0,15}$/;
const USERS_OPEN = 'users:(';
const PROCESS_FIELD = /^[a-z]+=\d{1,10}$/;
const NUMBER = /^\d{1,10}$/;


interface SocketUser {
  name: string;
  pid: number;
}

/** Parses the text of `ss -tunap`. Never throws: every line it cannot read becomes a diagnostic. */
export function parse(text: string): SsResult {
  return new SsParser(typeof text === 'string' ? text : '').run();
}

/** 0..1: how much the start of the text looks like `ss -tunap` output. */
export function detect(text: string): number {
  const lines = headLines(text, 40, 400);
  let header = false;
  let rows = 0;
  for (const line of lines) {
    const words = line.split(/\s+/);
    if (HEADER_WORDS.has(words[0]!)) header ||= HEADER.test(words.join(' ')) && words[0] === 'Netid';
    else if (DETECT_ROW.test(line)) rows++;
  }
  if (header) return rows > 0 ? 1 : 0.8;
  if (rows === 0 || rows * 2 < lines.length) return 0;
  return rows >= 3 ? 0.8 : 0.6;
}

/** A TCP or UDP row with its State column, then a users list or nothing: what only ss prints (netstat puts State after the addresses). */
const DETECT_ROW = /^(?:tcp|udp)[ \t]+[A-Z][A-Z0-9-]*[ \t]+\d+[ \t]+\d+[ \t]+\S+:\S+[ \t]+\S+:\S+(?:[ \t]+users:\(\(|$)/;

/** One pass over the text. */
class SsParser {
  private readonly records: Connection[] = [];
  private readonly log: OutputLog;
  private sawHeader = false;
  /** Field boundaries of the current line: Netid State Recv-Q Send-Q Local Peer, and the start of the Process column. */
  private readonly tokens = new Int32Array(14);
  /** Per parse, so strings of one capture never keep another alive: a host lists the same few addresses many times. */
  private readonly strings = new SliceCache(1024);

  constructor(private readonly text: string) {
    this.log = new OutputLog(text, readShellLine, EXPECTED.row);
  }

  run(): SsResult {
    this.log.readLines((line) => this.readLine(line));
    return this.log.result(id, version, this.records, null);
  }

  private readLine(line: TextLine): void {
    const text = this.text;
    const tokens = this.tokens;
    const count = readFields(text, line.start, line.end, tokens, 7);
    const first = tokens[1]! - tokens[0]! <= 16 ? text.slice(tokens[0], tokens[1]) : '';

    if (first === 'tcp' || first === 'udp') {
      this.readSocketRow(line, count, first === 'tcp' ? 'TCP' : 'UDP');
      return;
    }
    if (HEADER_WORDS.has(first) && this.readHeader(line)) return;
    if (this.log.readShell(line)) return;
    if (!line.terminated) {
      this.log.reportCut(line);
      return;
    }
    if (count >= 4 && OTHER_NETID.test(first) && (STATE.test(text.slice(tokens[2], tokens[3])) || parseDigits(text, tokens[2]!, tokens[3]!) >= 0)) {
      this.log.reportLine(line, 'info', `Netid ${first}: this parser reads TCP and UDP sockets only`, EXPECTED.row);
      return;
    }
    this.log.reportLine(line, 'error', 'Not a row of ss -tunap', EXPECTED.row);
  }

  /** True when the line was a header (known or not) and has been accounted for. */
  private readHeader(line: TextLine): boolean {
    if (line.end - line.start > 1024) return false;
    const words = this.text.slice(line.start, line.end).split(/\s+/);
    const match = HEADER.exec(words.join(' '));
    if (match === null) {
      this.log.reportLine(line, 'error', 'A header with other columns than ss -tunap prints', EXPECTED.header);
      return true;
    }
    if (match[1] === undefined) {
      // Rows without a Netid column cannot tell TCP from UDP; each will be reported as it comes.
      this.log.reportLine(line, 'error', 'No Netid column: ss ran with -t or -u alone, so TCP and UDP cannot be told apart (run ss -tunap)', EXPECTED.header);
      return true;
    }
    this.log.structure(line.number);
    if (this.sawHeader) this.log.reportLine(line, 'warning', 'The header again: the text holds more than one capture');
    this.sawHeader = true;
    return true;
  }

  private readSocketRow(line: TextLine, count: number, proto: string): void {
    const text = this.text;
    const tokens = this.tokens;
    let problem: string | null = null;
    let expected: string = EXPECTED.row;
    let field = 1;
    let state: string | null = null;
    if (count > 1 && parseDigits(text, tokens[2]!, tokens[3]!) < 0) {
      state = text.slice(tokens[2], tokens[3]);
      if (!STATE.test(state)) problem = `State "${excerpt(state)}" is not a socket state`;
      field = 2;
    }
    const needed = field + 4;
    if (problem === null && count < needed) problem = `Not a socket row: ${count} fields where ss prints ${needed} before the Process column`;

    let local: SocketAddress | null = null;
    let peer: SocketAddress | null = null;
    if (problem === null) {
      const recvQ = parseDigits(text, tokens[field * 2]!, tokens[field * 2 + 1]!);
      const sendQ = parseDigits(text, tokens[field * 2 + 2]!, tokens[field * 2 + 3]!);
      local = readSocketAddress(text, tokens[field * 2 + 4]!, tokens[field * 2 + 5]!, this.strings);
      peer = readSocketAddress(text, tokens[field * 2 + 6]!, tokens[field * 2 + 7]!, this.strings);
      if (recvQ < 0 || sendQ < 0) problem = 'Recv-Q and Send-Q are not numbers';
      else if (local === null) problem = `Local address "${excerpt(text.slice(tokens[field * 2 + 4], tokens[field * 2 + 5]))}" is not address:port (the port a number up to 65535, or *)`;
      else if (peer === null) problem = `Peer address "${excerpt(text.slice(tokens[field * 2 + 6], tokens[field * 2 + 7]))}" is not address:port (the port a number up to 65535, or *)`;
    }

    // The Process column: nothing, or a users list (possibly followed by what -e or -o add).
    const processStart = count > needed ? tokens[needed * 2]! : line.end;
    let users: SocketUser[] | null = null;
    let usersEnd = processStart;
    if (problem === null && processStart < line.end) {
      const read = text.startsWith(USERS_OPEN, processStart) ? readUsers(text, processStart, line.end) : null;
      if (read === null) {
        problem = text.startsWith(USERS_OPEN, processStart) ? 'The users list of the Process column is cut or malformed' : 'The Process column is not a users:((…)) list';
        expected = EXPECTED.users;
      } else {
        users = read.users;
        usersEnd = read.next;
      }
    }
    if (!line.terminated && !(problem === null && users !== null && usersEnd === line.end)) {
      this.log.reportCut(line);
      return;
    }
    if (problem !== null) {
      this.log.reportLine(line, 'error', problem, expected);
      return;
    }
    this.addRecords(line, proto, state, local!, peer!, users);
    if (usersEnd < line.end) {
      this.log.reportLine(line, 'warning', 'Text after the users list is not read (ss options other than -tunap add it)');
    }
    const names = [local!.portName, peer!.portName].filter((name) => name !== null);
    if (names.length > 0) {
      this.log.reportLine(line, 'warning', `Port ${names.map((name) => `"${name}"`).join(' and ')} printed as a service name (ss ran without -n): the port is left empty`, EXPECTED.row);
    }
  }

  private addRecords(line: TextLine, proto: string, state: string | null, local: SocketAddress, peer: SocketAddress, users: SocketUser[] | null): void {
    const bits = (local.numeric ? 0 : MARK_LOCAL) | (peer.numeric ? 0 : MARK_REMOTE);
    if (users === null) {
      this.records.push(connection(line.number, proto, state, local, peer, null, SOCKET_MARKS[bits | MARK_OWNER]!));
      return;
    }
    for (const user of users) this.records.push(connection(line.number, proto, state, local, peer, user, SOCKET_MARKS[bits]!));
  }
}

/** One record, its fields always in the same order (one object shape for every record keeps a big capture cheap). */
function connection(line: number, proto: string, state: string | null, local: SocketAddress, peer: SocketAddress, user: SocketUser | null, marks: HostRecordMark[]): Connection {
  return {
    line,
    proto,
    localAddr: local.address,
    localPort: local.port,
    remoteAddr: peer.address,
    remotePort: peer.port,
    state,
    pid: user === null ? null : user.pid,
    process: user === null ? null : user.name,
    components: NO_COMPONENTS,
    marks,
  };
}

/**
 * Reads `users:(("sshd",pid=812,fd=3),("sshd",pid=900,fd=3))` from `start`: the processes and the position after
 * the list, or null when the list is not complete before `end`.
 */
function readUsers(text: string, start: number, end: number): { users: SocketUser[]; next: number } | null {
  const users: SocketUser[] = [];
  let i = start + USERS_OPEN.length;
  for (;;) {
    if (i + 1 >= end || text.charCodeAt(i) !== 40 /* ( */ || text.charCodeAt(i + 1) !== 34 /* " */) return null;
    const entryStart = i + 2;
    let close = entryStart;
    while (close < end && text.charCodeAt(close) !== 41 /* ) */) close++;
    if (close >= end) return null;
    const user = readUser(text.slice(entryStart, close));
    if (user === null) return null;
    users.push(user);
    i = close + 1;
    const next = i < end ? text.charCodeAt(i) : -1;
    if (next === 44 /* , */) {
      i++;
    } else if (next === 41 /* ) */) {
      i++;
      if (i < end && !isSpace(text.charCodeAt(i))) return null;
      return { users, next: i };
    } else {
      return null;
    }
  }
}

/**
 * One entry without its parentheses and opening quote: `sshd",pid=812,fd=3`, or the `sshd",812,3` of older ss
 * versions. The name is everything before the last `",` (names may hold quotes and commas; fields do not).
 */
function readUser(entry: string): SocketUser | null {
  const quote = entry.lastIndexOf('",');
  if (quote === -1) return null;
  const fields = entry.slice(quote + 2).split(',');
  let pid = -1;
  if (fields.every((field) => NUMBER.test(field))) {
    pid = Number(fields[0]);
  } else {
    for (const field of fields) {
      if (!PROCESS_FIELD.test(field)) return null;
      if (field.startsWith('pid=')) pid = Number(field.slice(4));
    }
  }
  return pid < 0 ? null : { name: entry.slice(0, quote), pid };
}

/** A field quoted in a message: hostile lines can be a megabyte long. */
function excerpt(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
