// OpenSSH-style host key fingerprints: "SHA256:" + unpadded base64 of the SHA-256 of the public key blob.
import { createHash } from 'node:crypto';

export function sha256Fingerprint(publicKeyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(publicKeyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type is the first string of the SSH wire-format blob (e.g. "ssh-rsa", "ssh-ed25519"). */
export function keyTypeOf(publicKeyBlob: Buffer): string {
  if (publicKeyBlob.length < 4) return 'unknown';
  const length = publicKeyBlob.readUInt32BE(0);
  if (length <= 0 || length > 64 || publicKeyBlob.length < 4 + length) return 'unknown';
  return publicKeyBlob.subarray(4, 4 + length).toString('latin1');
}
