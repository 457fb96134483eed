// Makes this Node process behave like Electron's BoringSSL: the named DH groups modp1 and modp2 do not exist.
import crypto from 'node:crypto';

const runtimeFactory = crypto.createDiffieHellmanGroup;
const withoutOakleyGroups = ((name: string) => {
  if (name === 'modp1' || name === 'modp2') throw new Error('Unknown DH group');
  return runtimeFactory(name);
}) as typeof crypto.createDiffieHellmanGroup;
crypto.createDiffieHellmanGroup = withoutOakleyGroups;
crypto.getDiffieHellman = withoutOakleyGroups;
