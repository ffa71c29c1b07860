import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, publicKeyFromBase64, sign, verifySignature } from '../../sync/sources/signature.js';

describe('Ed25519 manifest signatures', () => {
  const { privateKeyPem, publicKeyB64 } = generateKeyPair();
  const data = Buffer.from('{"format":"lita-manifest/1"}');

  it('verifies what was signed, byte for byte', () => {
    const sig = sign(data, privateKeyPem);
    expect(verifySignature(data, sig, publicKeyB64)).toBe(true);
    expect(verifySignature(Buffer.from(`${data} `), sig, publicKeyB64)).toBe(false);
    expect(verifySignature(data, sig, generateKeyPair().publicKeyB64)).toBe(false);
    expect(verifySignature(data, 'not base64 at all', publicKeyB64)).toBe(false);
  });

  it('accepts the public key raw (32 bytes) or as DER SubjectPublicKeyInfo', () => {
    const spki = publicKeyFromBase64(publicKeyB64).export({ format: 'der', type: 'spki' }).toString('base64');
    expect(Buffer.from(publicKeyB64, 'base64')).toHaveLength(32);
    expect(verifySignature(data, sign(data, privateKeyPem), spki)).toBe(true);
  });

  it('rejects a key that is not Ed25519', () => {
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(() => publicKeyFromBase64(rsa)).toThrow(/inte en Ed25519-nyckel/);
  });
});
