// C2SP signed notes, verifier keys and checkpoints (c2sp.org/signed-note, c2sp.org/tlog-checkpoint),
// as docs/transparency-log.md describes them.
import { sha256 } from '@noble/hashes/sha2.js';
import * as ed from '@noble/ed25519';

const EM_DASH = '\u2014';

/** The 4-byte key id: SHA-256(name || LF || type || public key)[:4]. */
export function noteKeyId(name, type, publicKey) {
  return Buffer.from(sha256(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, type]), Buffer.from(publicKey)]))).subarray(0, 4);
}

/** name+hex(key id)+base64(type || public key). */
export function formatVerifierKey(name, type, publicKey) {
  return `${name}+${noteKeyId(name, type, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([type]), Buffer.from(publicKey)]).toString('base64')}`;
}

/** Parses a verifier key; throws with the reason when it is malformed or its key id does not match. */
export function parseVerifierKey(vkey) {
  // name+hex+base64: the name holds no '+', the key id none, so the third part is everything after the second '+'.
  const a = vkey.indexOf('+');
  const b = a < 0 ? -1 : vkey.indexOf('+', a + 1);
  if (a <= 0 || b < 0) throw new Error("verifier key is not name+keyid+key");
  const [name, hex, b64] = [vkey.slice(0, a), vkey.slice(a + 1, b), vkey.slice(b + 1)];
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) throw new Error('key id is not 8 hex digits');
  const raw = Buffer.from(b64, 'base64');
  if (raw.toString('base64') !== b64) throw new Error('key is not canonical base64');
  if (raw.length !== 33) throw new Error(`key is ${raw.length} bytes, not 1 + 32`);
  const type = raw[0];
  const publicKey = raw.subarray(1);
  const keyId = noteKeyId(name, type, publicKey);
  if (keyId.toString('hex') !== hex.toLowerCase()) throw new Error(`key id ${hex} is not ${keyId.toString('hex')}`);
  return { name, keyId, type, publicKey };
}

/** Splits a signed note into its text (up to and including the LF before the last empty line) and signature lines. */
export function parseNote(note) {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new Error('no blank line before the signatures, or no final LF');
  const text = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split('\n');
  const signatures = sigLines.map((line) => {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m) throw new Error(`malformed signature line '${line}'`);
    const raw = Buffer.from(m[2], 'base64');
    if (raw.toString('base64') !== m[2]) throw new Error('signature is not canonical base64');
    if (raw.length < 5) throw new Error('signature too short');
    return { name: m[1], keyId: raw.subarray(0, 4), sig: raw.subarray(4) };
  });
  return { text, signatures };
}

/** Verifies a note under an Ed25519 (type 0x01) verifier key: at least one matching signature, and none failing. */
export function verifyNote(note, vkey) {
  const key = typeof vkey === 'string' ? parseVerifierKey(vkey) : vkey;
  if (key.type !== 0x01) return 'not an Ed25519 note key (type 0x01)';
  const { text, signatures } = parseNote(note);
  const matching = signatures.filter((s) => s.name === key.name && s.keyId.equals(key.keyId));
  if (matching.length === 0) return 'no signature by the key';
  for (const s of matching) {
    if (s.sig.length !== 64) return 'signature not 64 bytes';
    if (!ed.verify(s.sig, Buffer.from(text, 'utf8'), key.publicKey)) return 'signature does not verify';
  }
  return null;
}

/** Verifies a cosignature/v1 (type 0x04) signature line over a checkpoint text. */
export function verifyCosignature(checkpointText, sigLineSig, publicKey) {
  const t = sigLineSig.readBigUInt64BE(0);
  const sig = sigLineSig.subarray(8);
  const msg = Buffer.from(`cosignature/v1\ntime ${t}\n${checkpointText}`, 'utf8');
  return ed.verify(sig, msg, publicKey);
}

/** Parses a checkpoint's note text: origin, size, root hash, extension lines. */
export function parseCheckpoint(text) {
  const lines = text.split('\n');
  if (lines.length < 4 || lines[lines.length - 1] !== '') throw new Error('checkpoint text has fewer than three lines or no final LF');
  const [origin, sizeText, rootB64] = lines;
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new Error(`tree size '${sizeText}' is not canonical decimal`);
  const root = Buffer.from(rootB64, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootB64) throw new Error('root is not canonical base64 of 32 bytes');
  return { origin, size: BigInt(sizeText), root, extensions: lines.slice(3, -1) };
}

export { EM_DASH };
