// RFC 9162 (CT 2.0) section 2.1 Merkle tree hashing, proof generation for local self-tests, and the
// verification algorithms of sections 2.1.3.2 and 2.1.4.2, written from the RFC text.
import { sha256 } from '@noble/hashes/sha2.js';

const H = (...parts) => Buffer.from(sha256(Buffer.concat(parts)));
export const leafHash = (entry) => H(Buffer.from([0x00]), entry);
export const nodeHash = (l, r) => H(Buffer.from([0x01]), l, r);
export const emptyRoot = () => H(Buffer.alloc(0));

/** The largest power of two strictly smaller than n (n > 1). */
function splitPoint(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) over leaf hashes. */
export function rootOf(leaves) {
  if (leaves.length === 0) return emptyRoot();
  if (leaves.length === 1) return leaves[0];
  const k = splitPoint(leaves.length);
  return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

/** PATH(m, D[n]) of section 2.1.3.1, over leaf hashes. */
export function inclusionPath(m, leaves) {
  if (leaves.length <= 1) return [];
  const k = splitPoint(leaves.length);
  return m < k
    ? [...inclusionPath(m, leaves.slice(0, k)), rootOf(leaves.slice(k))]
    : [...inclusionPath(m - k, leaves.slice(k)), rootOf(leaves.slice(0, k))];
}

/** PROOF(m, D[n]) of section 2.1.4.1, over leaf hashes. */
export function consistencyProof(m, leaves) {
  const sub = (m, d, b) => {
    const n = d.length;
    if (m === n) return b ? [] : [rootOf(d)];
    const k = splitPoint(n);
    return m <= k
      ? [...sub(m, d.slice(0, k), b), rootOf(d.slice(k))]
      : [...sub(m - k, d.slice(k), false), rootOf(d.slice(0, k))];
  };
  return sub(m, leaves, true);
}

const eq = (a, b) => Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.length === b.length && a.equals(b);
const lsb = (x) => (x & 1n) === 1n;

/** Section 2.1.3.2. Returns null when the proof verifies, else the reason. */
export function verifyInclusion(index, size, leaf, proof, root) {
  let fn = BigInt(index);
  let sn = BigInt(size) - 1n;
  if (BigInt(index) < 0n || BigInt(index) >= BigInt(size)) return `index ${index} not below size ${size}`;
  if (leaf.length !== 32 || root.length !== 32) return 'leaf or root not 32 bytes';
  let r = Buffer.from(leaf);
  for (const p of proof) {
    if (p.length !== 32) return 'a proof hash is not 32 bytes';
    if (sn === 0n) return 'proof longer than the path';
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return 'proof shorter than the path';
  return eq(r, Buffer.from(root)) ? null : 'computed root differs';
}

/** Section 2.1.4.2. Returns null when the proof verifies, else the reason. */
export function verifyConsistency(size1, size2, root1, root2, proof) {
  const first = BigInt(size1);
  const second = BigInt(size2);
  if (first <= 0n) return 'first size must be at least 1';
  if (first > second) return 'first size above second';
  if (first === second) {
    if (proof.length !== 0) return 'equal sizes need an empty proof';
    return eq(Buffer.from(root1), Buffer.from(root2)) ? null : 'equal sizes but roots differ';
  }
  if (proof.length === 0) return 'empty proof for different sizes';
  if (proof.some((p) => p.length !== 32) || root1.length !== 32 || root2.length !== 32) return 'hash not 32 bytes';
  let path = proof.map((p) => Buffer.from(p));
  if ((first & (first - 1n)) === 0n) path = [Buffer.from(root1), ...path];
  let fn = first - 1n;
  let sn = second - 1n;
  while (lsb(fn)) { fn >>= 1n; sn >>= 1n; }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) return 'proof longer than needed';
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!lsb(fn)) {
        while (!lsb(fn) && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) return 'proof shorter than needed';
  if (!eq(fr, Buffer.from(root1))) return 'first root differs';
  if (!eq(sr, Buffer.from(root2))) return 'second root differs';
  return null;
}
