// Ed25519 signatures over a manifest's exact bytes: the publisher signs with a private key
// file, each PC verifies with the base64 public key in its config.
import crypto from 'node:crypto';

/** Accepts a raw 32-byte key or a DER SubjectPublicKeyInfo, base64-encoded. */
export function publicKeyFromBase64(b64: string): crypto.KeyObject {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length === 32) {
    return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' });
  }
  const key = crypto.createPublicKey({ key: bytes, format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('nyckeln är inte en Ed25519-nyckel');
  return key;
}

export function publicKeyToBase64(key: crypto.KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url').toString('base64');
}

export function verifySignature(data: Uint8Array, signatureB64: string, publicKeyB64: string): boolean {
  const sig = Buffer.from(signatureB64.trim(), 'base64');
  if (sig.length !== 64) return false;
  return crypto.verify(null, data, publicKeyFromBase64(publicKeyB64), sig);
}

export function sign(data: Uint8Array, privateKeyPem: string): string {
  return crypto.sign(null, data, crypto.createPrivateKey(privateKeyPem)).toString('base64');
}

export function generateKeyPair(): { privateKeyPem: string; publicKeyB64: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyB64: publicKeyToBase64(publicKey),
  };
}
