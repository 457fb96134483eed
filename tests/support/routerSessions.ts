// Opens real router sessions against a lab router, trusting exactly the key the lab reports (as an analyst who compared fingerprints).
import type { LabRouter } from '../../src/main/lab/labRouter';
import { RouterSession, type RouterSessionOptions } from '../../src/main/ssh/routerSession';

export function sessionOptions(lab: LabRouter, overrides: Partial<RouterSessionOptions> = {}): RouterSessionOptions {
  return {
    device: `lab (${lab.host}:${lab.port})`,
    host: lab.host,
    port: lab.port,
    username: lab.username,
    auth: 'password',
    password: lab.password,
    enablePassword: lab.enablePassword,
    legacyAlgorithms: false,
    verifyHostKey: async (key) => (key.fingerprint === lab.fingerprint ? { status: 'trusted' } : { status: 'unknown' }),
    loginTimeoutMs: 10_000,
    ...overrides,
  };
}

export function openLabSession(lab: LabRouter, overrides: Partial<RouterSessionOptions> = {}): Promise<RouterSession> {
  return RouterSession.open(sessionOptions(lab, overrides));
}
