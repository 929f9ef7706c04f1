// Intercom's signature: `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>`, keyed with the
// app's client secret. Web Crypto only (`crypto.subtle`), so the same code runs in Node >= 20,
// Deno, Bun, browsers' workers and edge runtimes, with nothing Node-specific on the path.

/** A raw request body as the server received it: its bytes, or a string of them decoded as UTF-8. */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/** What `verifyWebhook` and `parseWebhook` take. */
export interface VerifyWebhookInput {
  /**
   * The raw body, exactly as received. A string is encoded as UTF-8 before hashing, so pass the
   * bytes when you have them: a body that was re-serialized (`JSON.stringify(req.body)`) or decoded
   * with another charset no longer matches its signature.
   */
  body: WebhookBody;
  /** The `X-Hub-Signature` header's value (`sha1=` and 40 hex digits); `null` when it was missing. */
  signature: string | null | undefined;
  /** The app's client secret (Developer Hub, Basic information). Never appears in an error. */
  secret: string;
}

/** Why a signature was refused; `"ok"` when it matched. */
export type SignatureCheck = "ok" | "missing_signature" | "malformed_signature" | "signature_mismatch" | "invalid_body";

const SIGNATURE = /^sha1=([0-9a-f]{40})$/i;
const encoder = new TextEncoder();

/**
 * Whether `signature` is Intercom's signature of `body` under `secret`: `true` or `false`, never a
 * rejection, whatever the request carried (no header, `sha256=...`, a wrong length, non-hex, a body
 * that is not a string or bytes). A missing or empty `secret` is a configuration error and throws
 * a `TypeError` (without the secret) rather than quietly refusing every notification.
 */
export async function verifyWebhook(input: VerifyWebhookInput): Promise<boolean> {
  return (await checkSignature(input)) === "ok";
}

/** `verifyWebhook` with the reason, for `parseWebhook` and the handlers. */
export async function checkSignature({ body, signature, secret }: VerifyWebhookInput): Promise<SignatureCheck> {
  if (typeof secret !== "string" || secret === "") throw new TypeError("intercom-fetch/webhooks: `secret` must be the app's client secret, a non-empty string");
  const problem = signatureProblem(signature);
  if (problem) return problem;
  const match = SIGNATURE.exec((signature as string).trim())!;
  const bytes = bodyBytes(body);
  if (!bytes) return "invalid_body";
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
  let expected: Uint8Array;
  try {
    expected = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes as Uint8Array<ArrayBuffer>));
  } catch {
    return "invalid_body"; // e.g. a view of a SharedArrayBuffer, which Web Crypto refuses
  }
  return equalHex(expected, match[1]!) ? "ok" : "signature_mismatch";
}

/**
 * What is wrong with the header alone, before any body is read: `"missing_signature"`,
 * `"malformed_signature"` (not `sha1=` and 40 hex digits), or `undefined` when it has the right shape.
 */
export function signatureProblem(signature: unknown): "missing_signature" | "malformed_signature" | undefined {
  if (signature === null || signature === undefined || signature === "") return "missing_signature";
  return typeof signature === "string" && SIGNATURE.test(signature.trim()) ? undefined : "malformed_signature";
}

/** The bytes of a body, or undefined for anything that is not a string or bytes. */
export function bodyBytes(body: unknown): Uint8Array | undefined {
  if (typeof body === "string") return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  // Another realm's views and buffers (a vm context's, a worker's) fail `instanceof`; look at the tag.
  const tag = Object.prototype.toString.call(body);
  if (tag === "[object Uint8Array]") return new Uint8Array((body as Uint8Array).buffer, (body as Uint8Array).byteOffset, (body as Uint8Array).byteLength);
  if (tag === "[object ArrayBuffer]") return new Uint8Array(body as ArrayBuffer);
  return undefined;
}

/**
 * Compares the computed MAC with the 40 hex digits received, in time that depends only on their
 * (fixed) length: every byte is visited and differences are OR-ed together, no early exit. The
 * regular expression above has already fixed the length and the alphabet, which are not secret.
 */
function equalHex(expected: Uint8Array, hex: string): boolean {
  let difference = 0;
  for (let i = 0; i < expected.length; i++) {
    difference |= expected[i]! ^ Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  }
  return difference === 0;
}
