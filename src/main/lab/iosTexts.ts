// Fixed texts of the lab router: its banners and the outputs of the small show commands, shaped like a 2800-series router on IOS 12.4.

/** Sent as the SSH userauth banner, before the password prompt (IOS's `banner login` over SSH). */
export const LOGIN_BANNER = [
  '',
  '**************************************************************',
  '*  FlowPivot lab router: a simulated Cisco IOS device.       *',
  '*  Authorized access only. Every command typed is logged.    *',
  '**************************************************************',
  '',
].join('\r\n');

/** Printed once the shell opens (IOS's `banner motd`). */
export const MOTD_LINES = ['', 'Lab router - flow cache demo. Try: show ip cache flow', ''];

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `show clock`: the leading "*" is how IOS says the clock is not authoritative (no NTP sync). */
export function showClockLines(now: Date, detail: boolean): string[] {
  const two = (value: number) => String(value).padStart(2, '0');
  const time = `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}.${String(now.getUTCMilliseconds()).padStart(3, '0')}`;
  const line = `*${time} UTC ${WEEKDAYS[now.getUTCDay()]} ${MONTHS[now.getUTCMonth()]} ${now.getUTCDate()} ${now.getUTCFullYear()}`;
  return detail ? [line, 'No time source'] : [line];
}

/** "3 weeks, 2 days, 4 hours, 17 minutes", as `show version` words an uptime. */
export function formatUptime(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const parts: Array<[number, string]> = [
    [Math.floor(minutes / (60 * 24 * 7)), 'week'],
    [Math.floor(minutes / (60 * 24)) % 7, 'day'],
    [Math.floor(minutes / 60) % 24, 'hour'],
    [minutes % 60, 'minute'],
  ];
  const shown = parts.filter(([count], index) => count > 0 || index === parts.length - 1);
  return shown.map(([count, unit]) => `${count} ${unit}${count === 1 ? '' : 's'}`).join(', ');
}

export function showVersionLines(hostname: string, uptimeSeconds: number): string[] {
  return [
    'Cisco IOS Software, 2800 Software (C2800NM-ADVIPSERVICESK9-M), Version 12.4(24)T8, RELEASE SOFTWARE (fc1)',
    'Technical Support: http://www.cisco.com/techsupport',
    'Copyright (c) 1986-2012 by Cisco Systems, Inc.',
    'Compiled Tue 08-May-12 04:12 by prod_rel_team',
    '',
    'ROM: System Bootstrap, Version 12.4(13r)T, RELEASE SOFTWARE (fc1)',
    '',
    `${hostname} uptime is ${formatUptime(uptimeSeconds)}`,
    'System returned to ROM by power-on',
    'System image file is "flash:c2800nm-advipservicesk9-mz.124-24.T8.bin"',
    '',
    'Cisco 2811 (revision 53.51) with 247808K/14336K bytes of memory.',
    'Processor board ID FTX1234A0LB',
    '2 FastEthernet interfaces',
    '2 Gigabit Ethernet interfaces',
    'DRAM configuration is 64 bits wide with parity enabled.',
    '239K bytes of non-volatile configuration memory.',
    '62720K bytes of ATA CompactFlash (Read/Write)',
    '',
    'Configuration register is 0x2102',
  ];
}

export interface VtyLine {
  username: string;
  remoteAddress: string;
  length: number;
  width: number;
}

export function showUsersLines(vty: VtyLine): string[] {
  return [
    '    Line       User       Host(s)              Idle       Location',
    `*578 vty 0     ${vty.username.padEnd(10)} idle                 00:00:00 ${vty.remoteAddress}`,
    '',
    '  Interface    User               Mode         Idle     Peer Address',
    '',
  ];
}

export function showTerminalLines(vty: VtyLine): string[] {
  return [
    `Line 578, Location: "", Type: "XTERM"`,
    `Length: ${vty.length} lines, Width: ${vty.width} columns`,
    'Baud rate (TX/RX) is 9600/9600',
    'Status: PSI Enabled, Ready, Active, No Exit Banner',
    'Capabilities: none',
    'Modem state: Ready',
    'Session limit is not set.',
    'Time since activation: 00:00:00',
    'Editing is enabled.',
    'History is enabled, history size is 10.',
    'Allowed input transports are ssh.',
    'Allowed output transports are telnet ssh.',
    'Preferred transport is none.',
  ];
}

/** `show ip cache`: the fast-switching route cache, empty on a CEF router. */
export const SHOW_IP_CACHE_LINES = [
  'IP routing cache 0 entries, 0 bytes',
  '   0 adds, 0 invalidates, 0 refcounts',
  'Minimum invalidation interval 2 seconds, maximum interval 5 seconds,',
  '   quiet interval 3 seconds, threshold 0 requests',
  'Invalidation rate 0 in last second, 0 in last 3 seconds',
  'Last full cache invalidation occurred 00:00:00 ago',
  '',
  'Prefix/Length           Age       Interface       Next Hop',
];
