/**
 * Sealing of PHI at rest with WebCrypto AES-GCM (256-bit). The key is non-extractable: the
 * page and the service worker can use it, but no script can read its bytes. Each seal uses
 * a fresh 12-byte IV stored beside the ciphertext. Errors never include the plaintext.
 */
export interface Sealed {
  iv: Uint8Array;
  data: ArrayBuffer;
}

export function generatePhiKey(): Promise<CryptoKey> {
  return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function seal(key: CryptoKey, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    key,
    new TextEncoder().encode(JSON.stringify(value)),
  );
  return { iv, data };
}

export async function unseal(key: CryptoKey, sealed: Sealed): Promise<unknown> {
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: sealed.iv as Uint8Array<ArrayBuffer> },
      key,
      sealed.data,
    );
  } catch {
    throw new Error('Sealed patient data could not be opened: it was damaged or sealed under another device key');
  }
  return JSON.parse(new TextDecoder().decode(plain));
}

/** Base64 for carrying a sealed value inside a JSON outbox payload. */
export function sealedToWire(sealed: Sealed): { iv: string; data: string } {
  return { iv: toBase64(sealed.iv), data: toBase64(new Uint8Array(sealed.data)) };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
