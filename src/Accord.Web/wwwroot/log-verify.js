// Verifies one log entry in the browser, trusting nothing the server concludes:
//   RFC 9162 section 2.1.1 (leaf hash SHA-256(0x00 || entry)) and 2.1.3.2 (verifying an inclusion proof),
//   c2sp.org/tlog-checkpoint (origin, tree size, base64 root hash),
//   c2sp.org/signed-note (verifier key name+hex(key id)+base64(0x01 || key), signature lines
//   "— name base64(key id || signature)", Ed25519 per RFC 8032 over the note text).
// The material comes from GET /api/log/proof?index=N; the verifier key from the page's field (docs/web.md).

const encoder = new TextEncoder();

/** A failed check, named by its step: key, signature, checkpoint, leaf or inclusion. */
export class VerifyError extends Error {
  constructor(step, message) {
    super(message);
    this.step = step;
  }
}

function fail(step, message) {
  throw new VerifyError(step, message);
}

/** Strict RFC 4648 base64: canonical encodings only. */
function base64(step, what, text) {
  let binary;
  try {
    binary = atob(text);
  } catch {
    fail(step, `${what} is not base64`);
  }
  const bytes = Uint8Array.from(binary, c => c.charCodeAt(0));
  if (btoa(binary) !== text) fail(step, `${what} is not canonical base64`);
  return bytes;
}

const toBase64 = bytes => btoa(String.fromCharCode(...bytes));
const toHex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('');
const equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

async function sha256(...parts) {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length; }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

/** Parses a type 0x01 verifier key "name+hex8+base64(0x01 || 32-byte key)" and checks its key id. */
export async function parseVerifierKey(text) {
  const key = (text ?? '').trim();
  const first = key.indexOf('+');
  const second = first < 0 ? -1 : key.indexOf('+', first + 1);
  if (first <= 0 || second < 0) fail('key', 'the verifier key is not name+keyid+base64key');
  const name = key.slice(0, first);
  const hex = key.slice(first + 1, second);
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) fail('key', 'the verifier key\'s key id is not 8 hex digits');
  const typed = base64('key', 'the verifier key\'s public key', key.slice(second + 1));
  if (typed.length !== 33) fail('key', `the verifier key holds ${typed.length} bytes, not a type byte and a 32-byte Ed25519 key`);
  if (typed[0] !== 0x01) fail('signature', `the verifier key has type 0x${typed[0].toString(16).padStart(2, '0')}, not 0x01 (an Ed25519 note-signing key): it cannot have signed this checkpoint`);
  const id = (await sha256(encoder.encode(name + '\n'), typed)).slice(0, 4);
  if (toHex(id) !== hex.toLowerCase()) fail('key', `the verifier key's key id ${hex} does not match its name and key (${toHex(id)})`);
  return { name, id, publicKey: typed.slice(1), text: `${name}+${hex.toLowerCase()}` };
}

/** Splits a signed note into its text (through the LF before the last empty line) and its signature lines. */
export function splitNote(note) {
  if (typeof note !== 'string' || !note.endsWith('\n')) fail('signature', 'the checkpoint note does not end in a newline');
  const blank = note.lastIndexOf('\n\n');
  if (blank < 0) fail('signature', 'the checkpoint note has no blank line before its signatures');
  const text = note.slice(0, blank + 1);
  const lines = note.slice(blank + 2, -1).split('\n');
  const signatures = lines.map(line => {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m) fail('signature', `malformed signature line: ${line}`);
    const bytes = base64('signature', `the signature of ${m[1]}`, m[2]);
    if (bytes.length < 5) fail('signature', `the signature of ${m[1]} is too short`);
    return { name: m[1], id: bytes.slice(0, 4), sig: bytes.slice(4) };
  });
  return { text, signatures };
}

/** Checks that the note text is signed by the key: at least one signature by its name and key id, and every such one valid. */
export async function verifyNoteSignature(note, key) {
  const { text, signatures } = splitNote(note);
  const mine = signatures.filter(s => s.name === key.name && equal(s.id, key.id));
  if (mine.length === 0) fail('signature', `the checkpoint carries no signature by ${key.text}`);
  let publicKey;
  try {
    publicKey = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    fail('signature', `this browser cannot import an Ed25519 key (${e.message})`);
  }
  for (const s of mine) {
    if (s.sig.length !== 64) fail('signature', `the signature by ${key.text} is ${s.sig.length} bytes, not 64`);
    if (!await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, s.sig, encoder.encode(text))) {
      fail('signature', `the checkpoint's signature by ${key.text} does not verify`);
    }
  }
  return text;
}

/** Parses the checkpoint body: origin, decimal tree size, base64 32-byte root, extension lines. */
export function parseCheckpoint(text) {
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) fail('checkpoint', 'the checkpoint body has fewer than three lines');
  const [origin, sizeText, rootText] = lines;
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) fail('checkpoint', `the tree size "${sizeText}" is not a decimal number`);
  const root = base64('checkpoint', 'the root hash', rootText);
  if (root.length !== 32) fail('checkpoint', `the root hash is ${root.length} bytes, not 32`);
  return { origin, size: BigInt(sizeText), root };
}

/** RFC 9162 section 2.1.3.2: the root an inclusion proof leads to from the leaf hash. */
export async function rootFromInclusionProof(index, size, leafHash, proof) {
  if (index < 0n || index >= size) fail('inclusion', `index ${index} is not inside a tree of size ${size}`);
  let fn = index;
  let sn = size - 1n;
  let r = leafHash;
  const node = Uint8Array.of(0x01);
  for (const p of proof) {
    if (p.length !== 32) fail('inclusion', `a proof hash is ${p.length} bytes, not 32`);
    if (sn === 0n) fail('inclusion', 'the proof is longer than the tree allows');
    if ((fn & 1n) === 1n || fn === sn) {
      r = await sha256(node, p, r);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      r = await sha256(node, r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) fail('inclusion', 'the proof is shorter than the tree requires');
  return r;
}

/**
 * Verifies one entry's material ({index, tree_size, entry, withheld, leaf_hash, proof, checkpoint}) against a
 * verifier key. Resolves to {ok: true, message} or {ok: false, step, message}; never throws.
 */
export async function verifyEntry(material, verifierKey) {
  try {
    const key = await parseVerifierKey(verifierKey);
    const text = await verifyNoteSignature(material.checkpoint, key);
    const checkpoint = parseCheckpoint(text);
    if (checkpoint.origin !== key.name) fail('checkpoint', `the checkpoint's origin ${checkpoint.origin} is not the key's name ${key.name}`);
    if (checkpoint.size !== BigInt(material.tree_size)) fail('checkpoint', `the proof is for tree size ${material.tree_size} but the checkpoint signs size ${checkpoint.size}`);
    const leaf = material.entry != null
      ? await sha256(Uint8Array.of(0x00), base64('leaf', 'the entry', material.entry))
      : base64('leaf', 'the leaf hash', material.leaf_hash ?? '');
    if (leaf.length !== 32) fail('leaf', `the leaf hash is ${leaf.length} bytes, not 32`);
    const proof = (material.proof ?? []).map((h, i) => base64('inclusion', `proof hash ${i}`, h));
    const root = await rootFromInclusionProof(BigInt(material.index), checkpoint.size, leaf, proof);
    if (!equal(root, checkpoint.root)) fail('inclusion', `the proof leads to root ${toBase64(root)}, not the checkpoint's ${toBase64(checkpoint.root)}`);
    const how = material.entry != null ? 'its bytes hash to the leaf' : 'its bytes are withheld: the leaf hash was taken as given';
    return {
      ok: true,
      message: `verified: entry ${material.index} is in the tree of size ${checkpoint.size} whose root ${toBase64(checkpoint.root)} is signed by ${key.text} (${how})`,
    };
  } catch (e) {
    const step = e instanceof VerifyError ? e.step : 'unexpected';
    return { ok: false, step, message: `not verified: the ${step} step failed: ${e.message}` };
  }
}

/** Fetches the material for entry <index> from this web app. */
export async function fetchMaterial(index) {
  const response = await fetch(`/api/log/proof?index=${encodeURIComponent(index)}`, { headers: { accept: 'application/json' } });
  const body = await response.json();
  if (!response.ok) throw new VerifyError('fetch', body.error ?? `HTTP ${response.status}`);
  return body;
}

function wire() {
  const button = document.getElementById('verify-entry');
  const keyField = document.getElementById('verifier-key');
  const result = document.getElementById('verify-result');
  if (!button || !keyField || !result) return;
  button.addEventListener('click', async () => {
    result.className = 'verify-result';
    result.textContent = 'verifying…';
    let outcome;
    try {
      outcome = await verifyEntry(await fetchMaterial(button.dataset.index), keyField.value);
    } catch (e) {
      outcome = { ok: false, message: `not verified: the fetch step failed: ${e.message}` };
    }
    result.className = `verify-result ${outcome.ok ? 'ok' : 'failed'}`;
    result.textContent = outcome.message;
  });
}

wire();
