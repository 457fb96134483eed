import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../src/main/api/dispatcher';
import { AppError } from '../../src/shared/errors';

function handlersWith(overrides: Partial<Handlers>): Handlers {
  const unexpected = () => {
    throw new Error('handler should not run');
  };
  return new Proxy(overrides as Handlers, { get: (target, key: string) => (target as Record<string, unknown>)[key] ?? unexpected });
}

describe('contract dispatcher', () => {
  it('rejects unknown methods without running anything', async () => {
    const dispatch = createDispatcher(handlersWith({}));
    expect(await dispatch('routers.deleteEverything', {})).toEqual({ ok: false, error: { kind: 'unknown-method', method: 'routers.deleteEverything' } });
  });

  it('rejects invalid input with the field and what was expected, and never calls the handler', async () => {
    let called = false;
    const dispatch = createDispatcher(handlersWith({ 'routers.add': async () => { called = true; return undefined as never; } }));
    const result = await dispatch('routers.add', { name: 'edge', host: '-oProxyCommand=sh', port: 70000, username: 'a' });
    expect(called).toBe(false);
    expect(result.ok).toBe(false);
    if (result.ok || result.error.kind !== 'invalid-input') throw new Error('expected invalid-input');
    expect(result.error.issues.join(' | ')).toMatch(/host: a host name or IP address/);
    expect(result.error.issues.join(' | ')).toMatch(/port:/);
  });

  it('refuses unexpected fields', async () => {
    const dispatch = createDispatcher(handlersWith({}));
    const result = await dispatch('routers.connect', { id: 'abc', shell: 'rm -rf /' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid-input' } });
  });

  it('returns typed errors from services as data', async () => {
    const dispatch = createDispatcher(handlersWith({ 'routers.connect': async () => { throw new AppError({ kind: 'not-found', what: 'router', id: 'abc' }); } }));
    expect(await dispatch('routers.connect', { id: 'abc' })).toEqual({ ok: false, error: { kind: 'not-found', what: 'router', id: 'abc' } });
  });

  it('applies schema defaults before the handler runs', async () => {
    const dispatch = createDispatcher(handlersWith({ 'routers.add': async (input) => input as never }));
    const result = await dispatch('routers.add', { name: 'edge', host: '127.0.0.1', username: 'analyst' });
    expect(result).toMatchObject({ ok: true, value: { port: 22, auth: 'password', legacyAlgorithms: false, commandTimeoutMs: 60000 } });
  });
});

describe('router changes', () => {
  it('change only the fields given, with no defaults filling the others', async () => {
    const dispatch = createDispatcher(handlersWith({ 'routers.update': async (input) => input as never }));
    const result = await dispatch('routers.update', { id: 'r1', changes: { legacyAlgorithms: true } });
    expect(result).toEqual({ ok: true, value: { id: 'r1', changes: { legacyAlgorithms: true } } });
  });
});
