// The lab router's interactive shell, driven over real SSH with ssh2's client: prompts, enable, paging, IOS parse errors and the seed output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabRouter, type LabRouter } from '../../../src/main/lab/labRouter';
import { seedShowIpCacheFlowLines } from '../../../src/main/lab/scenarios/seedScenario';
import { MORE_ERASE, MORE_PROMPT } from '../../../src/main/lab/terminalOutput';
import { crlf, LabTerminal } from './labTerminal';

let lab: LabRouter;

beforeAll(async () => {
  lab = await startLabRouter({ scenario: 'seed' });
});

afterAll(async () => {
  await lab.close();
});

async function withTerminal(test: (terminal: LabTerminal) => Promise<void>, rows?: number): Promise<void> {
  const terminal = await LabTerminal.open(lab, rows === undefined ? {} : { rows });
  try {
    await test(terminal);
  } finally {
    terminal.end();
  }
}

describe('lab router shell', () => {
  it('sends a login banner, then a MOTD and the user prompt', async () => {
    await withTerminal(async (terminal) => {
      expect(terminal.banner).toContain('FlowPivot lab router');
      expect(terminal.transcript).toMatch(/^\r\nLab router - .*\r\n\r\nRouter>$/);
    });
  });

  it('echoes typed characters, turns Enter into CRLF and erases with backspace', async () => {
    await withTerminal(async (terminal) => {
      terminal.send('shox');
      await terminal.waitFor('shox');
      terminal.send('\x7fw clock\r');
      const received = await terminal.waitFor(/Router>$/);
      expect(received.startsWith('\b \bw clock\r\n*')).toBe(true);
      expect(received).toMatch(/^[\b] [\b]w clock\r\n\*\d\d:\d\d:\d\d\.\d{3} UTC \w{3} \w{3} \d{1,2} \d{4}\r\nRouter>$/);
    });
  });

  it('treats CR, LF and CRLF each as one line end', async () => {
    await withTerminal(async (terminal) => {
      terminal.send('show clock\r\nshow clock\nshow clock\r');
      await terminal.waitFor(/(?:UTC[^\r]*\r\nRouter>[^]*){3}/);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const prompts = terminal.transcript.match(/Router>/g) ?? [];
      expect(prompts).toHaveLength(4); // the first prompt and one per command: no empty line was seen between CR and LF
      const session = lab.commandLog.at(-1)?.session;
      expect(lab.commandLog.filter((entry) => entry.session === session).map((entry) => entry.command)).toEqual(['show clock', 'show clock', 'show clock']);
    });
  });

  it('enters privileged mode with the enable password and leaves it with disable', async () => {
    await withTerminal(async (terminal) => {
      terminal.send('enable\r');
      await terminal.waitFor('enable\r\nPassword: ');
      terminal.send(`${lab.enablePassword}\r`);
      const afterPassword = await terminal.waitFor(/Router#$/);
      expect(afterPassword).toBe('\r\nRouter#'); // the password is not echoed
      expect(await terminal.run('disable')).toBe('disable\r\nRouter>');
    });
  });

  it('refuses a wrong enable password with "% Access denied" and says "% Bad secrets" at the third in a row', async () => {
    await withTerminal(async (terminal) => {
      for (const expected of ['% Access denied', '% Access denied', '% Bad secrets']) {
        terminal.send('enable\r');
        await terminal.waitFor('Password: ');
        terminal.send('not-the-password\r');
        expect(await terminal.waitFor(/Router[>#]$/)).toBe(`\r\n${expected}\r\n\r\nRouter>`);
      }
    });
  });

  it('pages long output at --More--: space shows a page, Enter one more line, q stops and erases the marker', async () => {
    await withTerminal(async (terminal) => {
      const seed = seedShowIpCacheFlowLines();
      terminal.send('show ip cache flow\r');
      const firstPage = await terminal.waitFor(MORE_PROMPT);
      expect(firstPage).toBe(`show ip cache flow\r\n${crlf(seed.slice(0, 9))}${MORE_PROMPT}`); // terminal length 10: 9 lines per page
      terminal.send(' ');
      const secondPage = await terminal.waitFor(MORE_PROMPT);
      expect(secondPage).toBe(`${MORE_ERASE}${crlf(seed.slice(9, 18))}${MORE_PROMPT}`);
      terminal.send('\r');
      const oneLine = await terminal.waitFor(MORE_PROMPT);
      expect(oneLine).toBe(`${MORE_ERASE}${crlf(seed.slice(18, 19))}${MORE_PROMPT}`);
      terminal.send('q');
      expect(await terminal.waitFor(/Router>$/)).toBe(`${MORE_ERASE}Router>`);
    }, 10);
  });

  it('prints the whole output without --More-- after terminal length 0', async () => {
    await withTerminal(async (terminal) => {
      expect(await terminal.run('terminal length 0')).toBe('terminal length 0\r\nRouter>');
      const output = await terminal.output('show ip cache flow');
      expect(output).not.toContain('--More--');
      expect(output).toBe(crlf(seedShowIpCacheFlowLines()));
    }, 10);
  });

  it('pages at the rows of the pty by default', async () => {
    await withTerminal(async (terminal) => {
      terminal.send('show ip cache flow\r');
      const firstPage = await terminal.waitFor(MORE_PROMPT);
      expect(firstPage.split('\r\n')).toHaveLength(1 + 29 + 1); // echo, 29 lines, the marker
      terminal.send('q');
      await terminal.waitFor(/Router>$/);
    }, 30);
  });

  it('follows a window size change until terminal length is set', async () => {
    await withTerminal(async (terminal) => {
      terminal.channel.setWindow(12, 80, 0, 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      terminal.send('show ip cache flow\r');
      expect((await terminal.waitFor(MORE_PROMPT)).split('\r\n')).toHaveLength(1 + 11 + 1);
      terminal.send('q');
      await terminal.waitFor(/Router>$/);
      await terminal.run('terminal length 20');
      terminal.channel.setWindow(8, 80, 0, 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      terminal.send('show ip cache flow\r');
      expect((await terminal.waitFor(MORE_PROMPT)).split('\r\n')).toHaveLength(1 + 19 + 1);
      terminal.send('q');
      await terminal.waitFor(/Router>$/);
    }, 30);
  });

  it('prints the seed capture byte for byte between the echo and the next prompt', async () => {
    await withTerminal(async (terminal) => {
      await terminal.run('terminal length 0');
      const output = await terminal.output('show ip cache flow');
      const seed = seedShowIpCacheFlowLines();
      expect(seed[0]).toBe('IP packet size distribution (116972772 total packets):');
      expect(seed.at(-1)).toBe('Tu1 203.151.20.17 Fa0/0 10.bb.50.200 06 0050 055E 10');
      expect(seed).toHaveLength(44);
      expect(output).toBe(seed.map((line) => `${line}\r\n`).join(''));
    });
  });

  it.each([
    ['sh ip cache flow'],
    ['sho ip cach fl'],
    ['SH IP CA F'],
    ['show   ip cache   flow'],
  ])('accepts the unique abbreviation "%s" of show ip cache flow', async (command) => {
    await withTerminal(async (terminal) => {
      await terminal.run('term len 0');
      expect(await terminal.output(command)).toBe(crlf(seedShowIpCacheFlowLines()));
    });
  });

  it('puts the caret under the first character no command can continue', async () => {
    await withTerminal(async (terminal) => {
      // "foo" vs "flow": the "f" still matches, the "o" does not; the prompt "Router>" is 7 columns.
      expect(await terminal.output('sh ip cach foo')).toBe(`${' '.repeat(7 + 12)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`);
      expect(await terminal.output('shw clock')).toBe(`${' '.repeat(7 + 2)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`);
      expect(await terminal.output('show clock now')).toBe(`${' '.repeat(7 + 11)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`);
      expect(await terminal.output('terminal length 999')).toBe(`${' '.repeat(7 + 16)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`);
      expect(await terminal.output('configure terminal')).toBe(`${' '.repeat(7)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`);
    });
  });

  it('reports ambiguous and incomplete commands as IOS does', async () => {
    await withTerminal(async (terminal) => {
      expect(await terminal.output('e')).toBe('% Ambiguous command:  "e"\r\n');
      expect(await terminal.output('show')).toBe('% Incomplete command.\r\n\r\n');
      expect(await terminal.output('sh ip')).toBe('% Incomplete command.\r\n\r\n');
      expect(await terminal.output('terminal length')).toBe('% Incomplete command.\r\n\r\n');
    });
  });

  it('answers show version, show terminal and show history', async () => {
    await withTerminal(async (terminal) => {
      expect(await terminal.output('show version')).toMatch(/^Cisco IOS Software, .*\r\n[^]*Router uptime is \d+ weeks?, /);
      await terminal.run('terminal length 40');
      expect(await terminal.output('show terminal')).toContain('Length: 40 lines, Width: 80 columns\r\n');
      expect(await terminal.output('show history')).toBe('  show version\r\n  terminal length 40\r\n  show terminal\r\n  show history\r\n');
    });
  });

  it('ends the session and the connection on exit', async () => {
    const terminal = await LabTerminal.open(lab);
    const connectionClosed = new Promise<void>((resolve) => terminal.client.once('close', () => resolve()));
    terminal.send('exit\r');
    await terminal.waitForClose();
    await connectionClosed;
  });

  it('logs every typed line with its session number', async () => {
    await withTerminal(async (terminal) => {
      await terminal.run('');
      await terminal.run('show clock');
      const mine = lab.commandLog.slice(-2);
      expect(mine.map((entry) => entry.command)).toEqual(['', 'show clock']);
      expect(mine[0]?.session).toBe(mine[1]?.session);
      expect(Date.parse(mine[1]?.at ?? '')).not.toBeNaN();
    });
  });
});
