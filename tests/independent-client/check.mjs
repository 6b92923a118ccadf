#!/usr/bin/env node
// Accord's independent client: checks, against a live server, that the behaviour documented in docs/
// (api.md, formats.md, concepts.md, transparency-log.md) and protos/ holds. It is written from those
// documents alone: it builds and signs its own payloads byte by byte, predicts its log entries' leaf
// hashes, decodes google.rpc.Status from the trailer itself and verifies the log with its own RFC 9162
// code. One line per check; exit 1 when any check fails, 2 on bad usage.
//
//   node check.mjs --server http://127.0.0.1:5080 --governance-key DATA/governance.key
//        [--log-key VERIFIER_KEY | --log-key-file DATA/log.key [--log-origin accord.local/log]]
//        [--max-request-bytes 1048576] [--witness-key-file FILE --witness-name NAME]

import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { Msg, timestamp, readFields, first, all, str, decodeRpcStatus } from './lib/wire.mjs';
import * as merkle from './lib/merkle.mjs';
import * as note from './lib/note.mjs';

ed.hashes.sha512 = sha512;

// ---------------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const args = { maxRequestBytes: 1024 * 1024, logOrigin: 'accord.local/log' };
  const names = {
    '--server': 'server', '--governance-key': 'governanceKey', '--log-key': 'logKey',
    '--log-key-file': 'logKeyFile', '--log-origin': 'logOrigin', '--max-request-bytes': 'maxRequestBytes',
    '--witness-key-file': 'witnessKeyFile', '--witness-name': 'witnessName',
  };
  for (let i = 0; i < argv.length; i++) {
    const name = names[argv[i]];
    if (!name || i + 1 >= argv.length) usage(`unknown or incomplete option '${argv[i]}'`);
    args[name] = argv[++i];
  }
  if (!args.server || !args.governanceKey) usage('--server and --governance-key are required');
  args.maxRequestBytes = Number(args.maxRequestBytes);
  return args;
}

function usage(problem) {
  console.error(`error: ${problem}`);
  console.error('usage: node check.mjs --server URL --governance-key FILE [--log-key VKEY | --log-key-file FILE [--log-origin O]] [--max-request-bytes N] [--witness-key-file FILE --witness-name NAME]');
  process.exit(2);
}

const args = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------------------------------------------
// Reporting

const results = [];
function report(name, ok, detail = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? `: ${detail}` : ''}`);
}

/** Runs one check: fn returns a detail string (pass) or throws (fail). */
async function check(name, fn) {
  try {
    const detail = await fn();
    report(name, true, typeof detail === 'string' ? detail : '');
  } catch (e) {
    report(name, false, e instanceof CheckError ? e.message : (e?.stack ?? String(e)).split('\n').slice(0, 3).join(' | '));
  }
}

class CheckError extends Error {}
function expect(cond, message) { if (!cond) throw new CheckError(message); }
function expectEqual(actual, expected, what) {
  const show = (v) => (Buffer.isBuffer(v) ? v.toString('hex') : JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x)));
  const a = show(actual);
  const e = show(expected);
  if (a !== e) throw new CheckError(`${what}: expected ${e}, got ${a}`);
}

// ---------------------------------------------------------------------------------------------------
// Crypto and formats (docs/formats.md)

const hex = (b) => Buffer.from(b).toString('hex');
const sha = (b) => Buffer.from(sha256(b));
const keyIdOf = (publicKey) => hex(sha(publicKey));

/** PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body. */
function pae(type, body) {
  const t = Buffer.from(type, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${t.length} `), t, Buffer.from(` ${body.length} `), body]);
}

function keyPair(seed = randomBytes(32)) {
  const publicKey = Buffer.from(ed.getPublicKey(seed));
  return { seed: Buffer.from(seed), publicKey, keyId: keyIdOf(publicKey) };
}

function signEnvelope(payloadType, payload, ...keys) {
  return {
    payload_type: payloadType,
    payload,
    signatures: keys.map((k) => ({ key_id: k.keyId, sig: Buffer.from(ed.sign(pae(payloadType, payload), k.seed)) })),
  };
}

/** The canonical encoding of an Envelope (transparency-log.md, "What is logged"). */
function canonicalEnvelope(env) {
  const m = new Msg().string(1, env.payload_type).bytes(2, env.payload);
  for (const s of env.signatures) m.message(3, new Msg().string(1, s.key_id).bytes(2, s.sig));
  return m.build();
}

/** Reads a key file as formats.md's reader does, checking each documented rule; returns the key pair. */
function readKeyFile(file) {
  const bytes = readFileSync(file);
  expect(bytes.length <= 4096, 'key file over 4096 bytes');
  const obj = JSON.parse(bytes.toString('utf8'));
  const members = ['format', 'party_id', 'key_id', 'public_key', 'private_key'];
  expectEqual(Object.keys(obj).sort(), [...members].sort(), 'key file members');
  for (const m of members) expect(typeof obj[m] === 'string', `${m} is not a string`);
  expectEqual(obj.format, 'accord-ed25519-key/v1', 'format');
  expect(/^[a-z0-9][a-z0-9._-]{0,63}$/.test(obj.party_id), 'party_id is not a valid id');
  expect(/^[0-9a-f]{64}$/.test(obj.key_id), 'key_id is not 64 lowercase hex');
  const pub = Buffer.from(obj.public_key, 'base64');
  expect(pub.length === 32 && pub.toString('base64') === obj.public_key, 'public_key is not canonical base64 of 32 bytes');
  expectEqual(obj.key_id, keyIdOf(pub), 'key_id = SHA-256(public_key)');
  const seed = Buffer.from(obj.private_key, 'base64');
  expect(seed.length === 32 && seed.toString('base64') === obj.private_key, 'private_key is not canonical base64 of 32 bytes');
  const kp = keyPair(seed);
  expect(kp.publicKey.equals(pub), 'public key derived from private_key differs from public_key');
  return { ...kp, partyId: obj.party_id, raw: bytes };
}

// ---------------------------------------------------------------------------------------------------
// Payloads (protos/accord/v1), encoded by hand

const nonce = () => randomBytes(16).toString('hex');
const header = (partyId, { at = new Date(), n = nonce() } = {}) =>
  new Msg().string(1, partyId).message(2, timestamp(at)).string(3, n);

const ROLE = { LAB: 1, INSPECTOR: 2, NEGOTIATOR: 3 };

const partyRegistration = (partyId, name, roles, publicKey, opts) =>
  new Msg().message(1, header(partyId, opts)).string(2, name).packed(3, roles).bytes(4, publicKey).build();

/** A GovernanceAct granting (field 4) or, with revoke, removing (field 5) a role. */
const governanceAct = (sequence, reason, partyId, role, revoke = false) =>
  new Msg().varint(1, sequence).message(2, timestamp(new Date())).string(3, reason)
    .message(revoke ? 5 : 4, new Msg().string(1, partyId).varint(2, role)).build();

const measure = () => new Msg().varint(1, 3 /* ANALYTIC */).varint(2, 3 /* BF16 */);
const runCapTerms = (maxFlop, withMeasure = true) =>
  new Msg().message(1, new Msg().double(1, maxFlop, true).message(2, withMeasure ? measure() : undefined));

function commitmentStatement(partyId, title, terms, condition, opts) {
  return new Msg().message(1, header(partyId, opts)).string(2, title).message(3, terms).message(4, condition).build();
}

const conditionAllOf = (agreementId, partyIds) =>
  new Msg().string(1, agreementId).message(2, partyIds.reduce((m, p) => m.string(1, p, true), new Msg()));

function agreementProposal(partyId, agreementId, title, text, partyIds) {
  const m = new Msg().message(1, header(partyId)).string(2, agreementId).string(3, title).string(4, text);
  for (const p of partyIds) m.string(5, p, true);
  return m.message(6, new Msg().bool(1, true)).build();
}

const agreementSignature = (partyId, agreementId, digest) =>
  new Msg().message(1, header(partyId)).string(2, agreementId).bytes(3, digest).build();

const commitmentWithdrawal = (partyId, commitmentId, reason) =>
  new Msg().message(1, header(partyId)).string(2, commitmentId).string(3, reason).build();

// ---------------------------------------------------------------------------------------------------
// gRPC

const here = path.dirname(fileURLToPath(import.meta.url));
const protoRoot = path.resolve(here, '../../protos');
const definition = protoLoader.loadSync(
  ['accord/v1/registry_service.proto', 'accord/v1/log_service.proto'],
  { includeDirs: [protoRoot], keepCase: true, longs: String, enums: String, bytes: Buffer, defaults: true, oneofs: true, arrays: true },
);
const loaded = grpc.loadPackageDefinition(definition);
const url = new URL(args.server);
const target = `${url.hostname}:${url.port || (url.protocol === 'https:' ? 443 : 80)}`;
const credentials = url.protocol === 'https:' ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
const channelOptions = { 'grpc.max_send_message_length': -1, 'grpc.max_receive_message_length': -1 };
const registry = new loaded.accord.v1.RegistryService(target, credentials, channelOptions);
const log = new loaded.accord.v1.TransparencyLogService(target, credentials, channelOptions);

function call(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + 30_000 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** Calls and expects success; a refusal fails the check with its status and reason. */
async function ok(client, method, request) {
  try {
    return await call(client, method, request);
  } catch (e) {
    const s = richStatus(e);
    throw new CheckError(`${method} refused: ${grpc.status[e.code] ?? e.code} ${s?.errorInfo?.reason ?? ''} ${e.details ?? ''}`);
  }
}

/** The google.rpc.Status in the grpc-status-details-bin trailer, decoded from its bytes; null when absent. */
function richStatus(err) {
  const values = err?.metadata?.get?.('grpc-status-details-bin') ?? [];
  if (values.length === 0) return null;
  const raw = Buffer.isBuffer(values[0]) ? values[0] : Buffer.from(values[0], 'base64');
  return decodeRpcStatus(raw);
}

/**
 * Calls and expects a refusal with the documented gRPC status and ErrorInfo reason (domain accord.v1),
 * the trailer's Status agreeing with grpc-status; `fields`, when given, must all be named in BadRequest.
 */
async function refused(client, method, request, code, reason, fields) {
  let err;
  try {
    await call(client, method, request);
  } catch (e) {
    err = e;
  }
  expect(err, `${method} succeeded; expected ${code} ${reason ?? ''}`);
  const got = grpc.status[err.code];
  const s = richStatus(err);
  const gotReason = s?.errorInfo?.reason;
  expect(got === code && (reason === null ? true : gotReason === reason),
    `expected ${code} ${reason ?? '(no ErrorInfo)'}, got ${got} ${gotReason ?? '(no ErrorInfo)'}: ${err.details}`);
  if (reason !== null) {
    expect(s, 'no grpc-status-details-bin trailer');
    expectEqual(s.code, err.code, 'google.rpc.Status.code vs grpc-status');
    expectEqual(s.errorInfo.domain, 'accord.v1', 'ErrorInfo.domain');
  }
  const named = (s?.badRequest ?? []).map((v) => v.field);
  for (const f of fields ?? []) expect(named.includes(f), `BadRequest does not name '${f}' (names: ${JSON.stringify(named)})`);
  return { err, status: s, fields: named };
}

const env = (payloadType, payload, ...keys) => ({ envelope: signEnvelope(payloadType, payload, ...keys) });

// ---------------------------------------------------------------------------------------------------
// The checks

const run = randomBytes(3).toString('hex');
const ids = {
  labA: `ic-${run}-lab-a`, labB: `ic-${run}-lab-b`, insp: `ic-${run}-insp`, self: `ic-${run}-self`,
  agreement: `ic-${run}-pact`,
};
const keys = { labA: keyPair(), labB: keyPair(), insp: keyPair(), self: keyPair(), outsider: keyPair() };
const state = { receipts: [] };

// RFC 8032 section 7.1 TEST 1 (public; used only for the documents' worked examples).
const TEST1_SEED = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex');

async function offlineChecks() {
  const test1 = keyPair(TEST1_SEED);

  await check('formats: key id of the RFC 8032 TEST 1 key', () => {
    expectEqual(hex(test1.publicKey), 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', 'public key');
    expectEqual(test1.keyId, '21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9', 'key id');
    return test1.keyId;
  });

  await check('formats: PAE bytes of the DSSE worked example', () => {
    const bytes = pae('http://example.com/HelloWorld', Buffer.from('hello world'));
    expectEqual(bytes.length, 54, 'PAE length');
    expectEqual(hex(bytes), '44535345763120323920687474703a2f2f6578616d706c652e636f6d2f48656c6c6f576f726c642031312068656c6c6f20776f726c64', 'PAE bytes');
    expectEqual(hex(pae('', Buffer.alloc(0))), Buffer.from('DSSEv1 0  0 ').toString('hex'), 'empty PAE');
    return '54 bytes';
  });

  await check('formats: envelope signature of the worked example', () => {
    const e = signEnvelope('http://example.com/HelloWorld', Buffer.from('hello world'), test1);
    expectEqual(e.signatures[0].key_id, test1.keyId, 'key_id');
    expectEqual(hex(e.signatures[0].sig),
      'e031d7dd99f8aa904abc48fb99a13c3bdbbd6e35c49cf2cb9f25d5509d8f5c947c0d22dc2f7403a45bdf24e8f7a41fd23c7b25e898386e8c6c31be8abee60007', 'sig');
    return 'sig matches';
  });

  await check('formats: key file worked example bytes', () => {
    const line = `{"format":"accord-ed25519-key/v1","party_id":"lab-a","key_id":"${test1.keyId}","public_key":"${test1.publicKey.toString('base64')}","private_key":"${test1.seed.toString('base64')}"}\n`;
    expectEqual(Buffer.byteLength(line), 251, 'length');
    expectEqual(Buffer.byteLength(line), 246 + 'lab-a'.length, '246 + len(party_id)');
    expectEqual(line.trimEnd(), '{"format":"accord-ed25519-key/v1","party_id":"lab-a","key_id":"21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9","public_key":"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=","private_key":"nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A="}', 'bytes');
    return '251 bytes';
  });

  await check('transparency-log: root of the 8 standard leaves', () => {
    const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f']
      .map((h) => merkle.leafHash(Buffer.from(h, 'hex')));
    expectEqual(hex(merkle.emptyRoot()).slice(0, 8), 'e3b0c442', 'empty root');
    expectEqual(hex(merkle.rootOf(leaves)), '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'root');
    return '5dc9da79...';
  });

  await check('transparency-log: own RFC 9162 proofs verify for every size and index up to 8 (and tampering fails)', () => {
    const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f']
      .map((h) => merkle.leafHash(Buffer.from(h, 'hex')));
    let n = 0;
    for (let size = 1; size <= 8; size++) {
      const d = leaves.slice(0, size);
      const root = merkle.rootOf(d);
      for (let i = 0; i < size; i++) {
        const p = merkle.inclusionPath(i, d);
        expect(merkle.verifyInclusion(i, size, d[i], p, root) === null, `inclusion ${i}/${size}`);
        if (p.length > 0) {
          const bad = p.map((h, j) => (j === 0 ? Buffer.from(h).fill(0) : h));
          expect(merkle.verifyInclusion(i, size, d[i], bad, root) !== null, `tampered inclusion ${i}/${size} verified`);
        }
        n++;
      }
      for (let m = 1; m <= size; m++) {
        const p = merkle.consistencyProof(m, d);
        expect(merkle.verifyConsistency(m, size, merkle.rootOf(leaves.slice(0, m)), root, p) === null, `consistency ${m}->${size}`);
        if (m < size) expect(merkle.verifyConsistency(m, size, merkle.rootOf(leaves.slice(0, m)), root, p.slice(1)) !== null, `short consistency ${m}->${size} verified`);
        n++;
      }
    }
    expect(merkle.verifyConsistency(0, 0, merkle.emptyRoot(), merkle.emptyRoot(), []) !== null, '0 -> 0 accepted');
    return `${n} proofs`;
  });

  await check('transparency-log: verifier key example and cosignature worked example', () => {
    note.parseVerifierKey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
    const w = note.parseVerifierKey('witness.example/w1+eb762cc2+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea');
    expectEqual(w.type, 0x04, 'witness key type');
    expectEqual(hex(w.publicKey), hex(test1.publicKey), 'witness public key');
    expectEqual(note.formatVerifierKey('witness.example/w1', 0x04, test1.publicKey), 'witness.example/w1+eb762cc2+BNdamAGCsQq31Uv+08lkBzoO4XLz2qYjJa8CGmj3B1Ea', 'formatted');
    const text = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const line = Buffer.from('63YswgAAAABkGFDL+TPmh4BYuAjsYRoqMJCWb/gWJaeRF/kmm5tlCr9sJ57DLErur7K0yDXc2ArN+TIuotuB/HbuL3AJsp3bv/aNCQ==', 'base64');
    expectEqual(hex(line.subarray(0, 4)), 'eb762cc2', 'cosignature key id');
    expectEqual(line.readBigUInt64BE(4), 1679315147n, 'cosignature time');
    expect(note.verifyCosignature(text, line.subarray(4), test1.publicKey), 'cosignature does not verify');
    return 'verifies';
  });
}

async function governanceAndParties() {
  let gov;
  await check('formats: governance key file is a valid key file', () => {
    gov = readKeyFile(args.governanceKey);
    expectEqual(gov.raw.length, 246 + Buffer.byteLength(gov.partyId), 'length 246 + len(party_id)');
    expect(gov.raw[gov.raw.length - 1] === 0x0a && gov.raw.indexOf(0x0a) === gov.raw.length - 1, 'not one line ending in LF');
    return `party ${gov.partyId}, key ${gov.keyId.slice(0, 12)}`;
  });
  state.gov = gov;

  await check('registry: GetGovernance names the governance key', async () => {
    const g = await ok(registry, 'GetGovernance', {});
    expect(gov, 'no governance key');
    const k = g.keys.find((x) => x.key_id === gov.keyId);
    expect(k, `key ${gov.keyId} not among ${g.keys.map((x) => x.key_id)}`);
    expectEqual(hex(k.public_key), hex(gov.publicKey), 'public key');
    expect(g.threshold >= 1 && g.threshold <= g.keys.length, `threshold ${g.threshold}`);
    state.lastSequence = BigInt(g.last_sequence);
    return `threshold ${g.threshold} of ${g.keys.length}, last act ${g.last_sequence}`;
  });

  await check('registry: RegisterParty as a lab; record, payload bytes and predicted leaf hash', async () => {
    const payload = partyRegistration(ids.labA, 'Independent Lab A', [ROLE.LAB], keys.labA.publicKey);
    const req = env('accord.v1.PartyRegistration', payload, keys.labA);
    const predicted = merkle.leafHash(canonicalEnvelope(req.envelope));
    const res = await ok(registry, 'RegisterParty', req);
    const p = res.party;
    expectEqual(p.party_id, ids.labA, 'party_id');
    expectEqual(p.roles, ['PARTY_ROLE_LAB'], 'roles');
    expectEqual(p.keys.map((k) => k.key_id), [keys.labA.keyId], 'key ids');
    expectEqual(hex(p.registration.payload), hex(payload), 'registration payload as received');
    expectEqual(hex(res.receipt.leaf_hash), hex(predicted), 'receipt leaf hash vs SHA-256(0x00 || canonical envelope)');
    state.receipts.push({ what: 'registration', receipt: res.receipt, entry: canonicalEnvelope(req.envelope) });
    state.firstLeaf = predicted;
    state.registrationReq = req;
    return `log index ${res.receipt.index}`;
  });

  await check('refusal: replayed registration (ALREADY_EXISTS PARTY_EXISTS, the documented exception to the order of checks)', async () => {
    await refused(registry, 'RegisterParty', state.registrationReq, 'ALREADY_EXISTS', 'PARTY_EXISTS');
    const other = keyPair();
    await refused(registry, 'RegisterParty', env('accord.v1.PartyRegistration',
      partyRegistration(ids.labA, 'Impostor', [ROLE.LAB], other.publicKey), other), 'ALREADY_EXISTS', 'PARTY_EXISTS');
    return 'the copy and a new key for the id refused';
  });

  await check('registry: RegisterParty as a second lab', async () => {
    const res = await ok(registry, 'RegisterParty', env('accord.v1.PartyRegistration',
      partyRegistration(ids.labB, 'Independent Lab B', [ROLE.LAB], keys.labB.publicKey), keys.labB));
    expectEqual(res.party.roles, ['PARTY_ROLE_LAB'], 'roles');
    return ids.labB;
  });

  await check('registry: RegisterParty with no role', async () => {
    const res = await ok(registry, 'RegisterParty', env('accord.v1.PartyRegistration',
      partyRegistration(ids.insp, 'Independent Inspectorate', [], keys.insp.publicKey), keys.insp));
    expectEqual(res.party.roles, [], 'roles');
    return ids.insp;
  });

  await check('refusal: self-granted inspector role (PERMISSION_DENIED ROLE_NOT_SELF_GRANTED, roles[i])', async () => {
    const r = await refused(registry, 'RegisterParty', env('accord.v1.PartyRegistration',
      partyRegistration(ids.self, 'Self-made inspector', [ROLE.LAB, ROLE.INSPECTOR], keys.self.publicKey), keys.self),
    'PERMISSION_DENIED', 'ROLE_NOT_SELF_GRANTED', ['roles[1]']);
    await refused(registry, 'GetParty', { party_id: ids.self }, 'NOT_FOUND', 'UNKNOWN_PARTY');
    return `fields ${JSON.stringify(r.fields)}; not registered`;
  });

  await check('governance: GovernanceAct grants inspector, signed by the governance key', async () => {
    const seq = state.lastSequence + 1n;
    const payload = governanceAct(seq, 'independent client check', ids.insp, ROLE.INSPECTOR);
    const req = env('accord.v1.GovernanceAct', payload, gov);
    state.governReq = req;
    const predicted = merkle.leafHash(canonicalEnvelope(req.envelope));
    const res = await ok(registry, 'Govern', req);
    expectEqual(BigInt(res.sequence), seq, 'sequence');
    expectEqual(res.party.roles, ['PARTY_ROLE_INSPECTOR'], 'roles');
    const rc = res.party.role_changes;
    expectEqual(rc.length, 1, 'role_changes');
    expectEqual([BigInt(rc[0].sequence), rc[0].role, rc[0].granted, rc[0].reason], [seq, 'PARTY_ROLE_INSPECTOR', true, 'independent client check'], 'role change');
    expectEqual(rc[0].log_index, res.receipt.index, 'role change log index vs receipt');
    expectEqual(hex(res.receipt.leaf_hash), hex(predicted), 'receipt leaf hash');
    state.receipts.push({ what: 'governance act', receipt: res.receipt, entry: canonicalEnvelope(req.envelope) });
    state.governIndex = res.receipt.index;
    return `act ${seq}, log index ${res.receipt.index}`;
  });

  await check('governance: GetParty and GetGovernance show the act', async () => {
    const p = (await ok(registry, 'GetParty', { party_id: ids.insp })).party;
    expectEqual(p.roles, ['PARTY_ROLE_INSPECTOR'], 'roles');
    const g = await ok(registry, 'GetGovernance', {});
    expectEqual(BigInt(g.last_sequence), state.lastSequence + 1n, 'last_sequence');
    return `last act ${g.last_sequence}`;
  });

  await check('refusal: replayed governance act (FAILED_PRECONDITION GOVERNANCE_SEQUENCE)', async () => {
    await refused(registry, 'Govern', state.governReq, 'FAILED_PRECONDITION', 'GOVERNANCE_SEQUENCE');
    return 'refused';
  });

  await check('refusal: governance act signed by a key outside the body (PERMISSION_DENIED GOVERNANCE_THRESHOLD_NOT_MET)', async () => {
    const payload = governanceAct(state.lastSequence + 2n, 'not the body', ids.labB, ROLE.INSPECTOR);
    await refused(registry, 'Govern', env('accord.v1.GovernanceAct', payload, keys.outsider), 'PERMISSION_DENIED', 'GOVERNANCE_THRESHOLD_NOT_MET');
    return 'refused';
  });

  await check('refusal: granting a held role (ROLE_HELD), removing one not held (ROLE_NOT_HELD); neither uses up a sequence number', async () => {
    const next = state.lastSequence + 2n;
    await refused(registry, 'Govern', env('accord.v1.GovernanceAct', governanceAct(next, 'again', ids.insp, ROLE.INSPECTOR), gov),
      'ALREADY_EXISTS', 'ROLE_HELD');
    await refused(registry, 'Govern', env('accord.v1.GovernanceAct', governanceAct(next, 'not held', ids.insp, ROLE.NEGOTIATOR, true), gov),
      'FAILED_PRECONDITION', 'ROLE_NOT_HELD');
    const g = await ok(registry, 'GetGovernance', {});
    expectEqual(BigInt(g.last_sequence), state.lastSequence + 1n, 'last_sequence after two refused acts');
    return `last act still ${g.last_sequence}`;
  });

  await check('refusal: GetParty of an unknown party (NOT_FOUND UNKNOWN_PARTY)', async () => {
    await refused(registry, 'GetParty', { party_id: `ic-${run}-nobody` }, 'NOT_FOUND', 'UNKNOWN_PARTY');
    return 'refused';
  });
}

async function commitmentsAndAgreements() {
  const cid = (payload) => hex(sha(payload).subarray(0, 16));

  await check('registry: RegisterCommitment; id = first 16 bytes of SHA-256(payload), status ACTIVE', async () => {
    const payload = commitmentStatement(ids.labA, 'No run above 1e25 FLOP', runCapTerms(1e25));
    const res = await ok(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement', payload, keys.labA));
    const c = res.commitment;
    expectEqual(c.commitment_id, cid(payload), 'commitment id');
    expectEqual(c.party_id, ids.labA, 'party');
    expectEqual(c.status, 'COMMITMENT_STATUS_ACTIVE', 'status');
    expectEqual(c.terms.training_run_cap.max_flop, 1e25, 'max_flop');
    expectEqual(hex(c.statement.payload), hex(payload), 'statement payload as received');
    state.commitment = c.commitment_id;
    const read = (await ok(registry, 'GetCommitment', { commitment_id: c.commitment_id })).commitment;
    expectEqual(hex(read.statement.payload), hex(payload), 'read back payload');
    expectEqual(read.statement.signatures.map((s) => s.key_id), [keys.labA.keyId], 'read back signer');
    return c.commitment_id;
  });

  await check('refusal: replayed request, same envelope (ALREADY_EXISTS REPLAYED_NONCE)', async () => {
    const n = nonce();
    const req = env('accord.v1.CommitmentStatement', commitmentStatement(ids.labA, 'Replay me', runCapTerms(2e25), undefined, { n }), keys.labA);
    await ok(registry, 'RegisterCommitment', req);
    await refused(registry, 'RegisterCommitment', req, 'ALREADY_EXISTS', 'REPLAYED_NONCE');
    const other = env('accord.v1.CommitmentStatement', commitmentStatement(ids.labA, 'Same nonce, new text', runCapTerms(3e25), undefined, { n }), keys.labA);
    await refused(registry, 'RegisterCommitment', other, 'ALREADY_EXISTS', 'REPLAYED_NONCE');
    return 'both the copy and a new payload with the nonce refused';
  });

  await check('refusal: bad signature (UNAUTHENTICATED BAD_SIGNATURE); the nonce is not consumed', async () => {
    const n = nonce();
    const payload = commitmentStatement(ids.labA, 'Signed badly first', runCapTerms(4e25), undefined, { n });
    const req = env('accord.v1.CommitmentStatement', payload, keys.labA);
    const bad = structuredClone(req);
    bad.envelope.payload = Buffer.from(req.envelope.payload);
    bad.envelope.signatures[0].sig = Buffer.from(req.envelope.signatures[0].sig);
    bad.envelope.signatures[0].sig[10] ^= 0x01;
    await refused(registry, 'RegisterCommitment', bad, 'UNAUTHENTICATED', 'BAD_SIGNATURE');
    await ok(registry, 'RegisterCommitment', req);
    return 'refused, then the well-signed request with the same nonce accepted';
  });

  await check('refusal: signed by another party\'s key (UNAUTHENTICATED UNKNOWN_KEY)', async () => {
    await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement',
      commitmentStatement(ids.labA, 'Forged by B', runCapTerms(1e24)), keys.labB), 'UNAUTHENTICATED', 'UNKNOWN_KEY');
    return 'refused';
  });

  await check('refusal: envelope without signatures (UNAUTHENTICATED UNSIGNED)', async () => {
    const payload = commitmentStatement(ids.labA, 'Unsigned', runCapTerms(1e24));
    await refused(registry, 'RegisterCommitment', { envelope: { payload_type: 'accord.v1.CommitmentStatement', payload, signatures: [] } }, 'UNAUTHENTICATED', 'UNSIGNED');
    return 'refused';
  });

  await check('refusal: unregistered acting party (UNAUTHENTICATED UNKNOWN_PARTY)', async () => {
    await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement',
      commitmentStatement(`ic-${run}-ghost`, 'Ghost', runCapTerms(1e24)), keys.outsider), 'UNAUTHENTICATED', 'UNKNOWN_PARTY');
    return 'refused';
  });

  await check('refusal: wrong payload type (INVALID_ARGUMENT WRONG_PAYLOAD_TYPE, envelope.payload_type)', async () => {
    const r = await refused(registry, 'RegisterCommitment', env('accord.v1.AgreementProposal',
      commitmentStatement(ids.labA, 'Wrong type', runCapTerms(1e24)), keys.labA), 'INVALID_ARGUMENT', 'WRONG_PAYLOAD_TYPE', ['envelope.payload_type']);
    return `fields ${JSON.stringify(r.fields)}`;
  });

  await check('refusal: payload bytes that do not parse (INVALID_ARGUMENT MALFORMED_PAYLOAD); unknown commitment (NOT_FOUND UNKNOWN_COMMITMENT)', async () => {
    await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement', Buffer.from([0x0a, 0xff, 0xff, 0xff]), keys.labA),
      'INVALID_ARGUMENT', 'MALFORMED_PAYLOAD');
    await refused(registry, 'GetCommitment', { commitment_id: '0'.repeat(32) }, 'NOT_FOUND', 'UNKNOWN_COMMITMENT');
    return 'refused';
  });

  await check('refusal: malformed nonce (INVALID_ARGUMENT MALFORMED_NONCE, header.nonce)', async () => {
    const r = await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement',
      commitmentStatement(ids.labA, 'Short nonce', runCapTerms(1e24), undefined, { n: 'too-short' }), keys.labA),
    'INVALID_ARGUMENT', 'MALFORMED_NONCE', ['header.nonce']);
    return `fields ${JSON.stringify(r.fields)}`;
  });

  await check('refusal: stale and future issued_at (FAILED_PRECONDITION STALE_REQUEST / FUTURE_REQUEST)', async () => {
    const old = new Date(Date.now() - 10 * 60_000);
    const ahead = new Date(Date.now() + 10 * 60_000);
    await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement',
      commitmentStatement(ids.labA, 'Old', runCapTerms(1e24), undefined, { at: old }), keys.labA), 'FAILED_PRECONDITION', 'STALE_REQUEST');
    await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement',
      commitmentStatement(ids.labA, 'Ahead', runCapTerms(1e24), undefined, { at: ahead }), keys.labA), 'FAILED_PRECONDITION', 'FUTURE_REQUEST');
    return '10 minutes either way refused';
  });

  const pauseWindow = (minFlop, startsAt, endsAt) =>
    new Msg().message(4, new Msg().double(1, minFlop, true).message(2, timestamp(startsAt)).message(3, timestamp(endsAt)));

  await check('refusal: commitment rules, every problem at once (INVALID_ARGUMENT MALFORMED_COMMITMENT, BadRequest paths)', async () => {
    const terms = pauseWindow(-1, Date.UTC(2027, 5, 1), Date.UTC(2027, 0, 1));
    const r = await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement', commitmentStatement(ids.labA, '', terms), keys.labA),
      'INVALID_ARGUMENT', 'MALFORMED_COMMITMENT', ['title', 'terms.pause_window.scope_min_flop', 'terms.pause_window.ends_at']);
    return `fields ${JSON.stringify(r.fields)}`;
  });

  await check('refusal: terms that do not map name each unmapped field, and only those (MALFORMED_COMMITMENT)', async () => {
    const unspecified = new Msg().message(1, new Msg().double(1, 1e25, true).message(2, new Msg()));
    const r = await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement', commitmentStatement(ids.labA, 'Unspecified measure', unspecified), keys.labA),
      'INVALID_ARGUMENT', 'MALFORMED_COMMITMENT', ['terms.training_run_cap.measure.basis', 'terms.training_run_cap.measure.precision']);
    const r2 = await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement', commitmentStatement(ids.labA, 'NaN and no measure', runCapTerms(NaN, false)), keys.labA),
      'INVALID_ARGUMENT', 'MALFORMED_COMMITMENT', ['terms.training_run_cap.measure']);
    expectEqual(r2.fields, ['terms.training_run_cap.measure'], 'fields when the measure is missing (rules on values wait until the terms map)');
    const r3 = await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement', commitmentStatement(ids.labA, 'NaN', runCapTerms(NaN)), keys.labA),
      'INVALID_ARGUMENT', 'MALFORMED_COMMITMENT', ['terms.training_run_cap.max_flop']);
    const r4 = await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement', commitmentStatement(ids.labA, 'No kind', new Msg()), keys.labA),
      'INVALID_ARGUMENT', 'MALFORMED_COMMITMENT', ['terms']);
    return `${JSON.stringify(r.fields)}, ${JSON.stringify(r2.fields)}, ${JSON.stringify(r3.fields)}, ${JSON.stringify(r4.fields)}`;
  });

  await check('refusal: control characters in text fields (INVALID_ARGUMENT; titles as MALFORMED_COMMITMENT / MALFORMED_AGREEMENT)', async () => {
    const esc = 'bad\u001btext';
    await refused(registry, 'RegisterParty', env('accord.v1.PartyRegistration', partyRegistration(`ic-${run}-esc`, esc, [ROLE.LAB], keys.outsider.publicKey), keys.outsider),
      'INVALID_ARGUMENT', 'INVALID_ARGUMENT', ['display_name']);
    const w = await refused(registry, 'WithdrawCommitment', env('accord.v1.CommitmentWithdrawal', commitmentWithdrawal(ids.labA, state.commitment, esc), keys.labA),
      'INVALID_ARGUMENT', 'INVALID_ARGUMENT', ['reason']);
    expect(w.err.details.includes('U+001B'), `message does not name the character: ${w.err.details}`);
    await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement', commitmentStatement(ids.labA, esc, runCapTerms(1e25)), keys.labA),
      'INVALID_ARGUMENT', 'MALFORMED_COMMITMENT', ['title']);
    await refused(registry, 'ProposeAgreement', env('accord.v1.AgreementProposal', agreementProposal(ids.labA, `ic-${run}-esc`, esc, 'x', [ids.labA, ids.labB]), keys.labA),
      'INVALID_ARGUMENT', 'MALFORMED_AGREEMENT', ['title']);
    return 'display_name, reason, commitment title, agreement title';
  });

  await check('refusal: commitment by a party without the lab role (PERMISSION_DENIED NOT_A_LAB)', async () => {
    await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement',
      commitmentStatement(ids.insp, 'Inspector commits', runCapTerms(1e24)), keys.insp), 'PERMISSION_DENIED', 'NOT_A_LAB');
    return 'refused';
  });

  await check('order of checks: header before signature, signature before freshness (nonce form, then time), nonce consumed before the role check', async () => {
    const badSig = (req) => { req.envelope.signatures[0].sig = Buffer.from(req.envelope.signatures[0].sig); req.envelope.signatures[0].sig[0] ^= 0x80; return req; };
    await refused(registry, 'RegisterCommitment', badSig(env('accord.v1.CommitmentStatement',
      commitmentStatement('', 'No party, bad signature', runCapTerms(1e24)), keys.labA)), 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', ['header.party_id']);
    await refused(registry, 'RegisterCommitment', badSig(env('accord.v1.CommitmentStatement',
      commitmentStatement(ids.labA, 'Short nonce, bad signature', runCapTerms(1e24), undefined, { n: 'short' }), keys.labA)), 'UNAUTHENTICATED', 'BAD_SIGNATURE');
    await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement',
      commitmentStatement(ids.labA, 'Short nonce, stale', runCapTerms(1e24), undefined, { n: 'short', at: new Date(Date.now() - 3_600_000) }), keys.labA),
    'INVALID_ARGUMENT', 'MALFORMED_NONCE', ['header.nonce']);
    await refused(registry, 'RegisterCommitment', badSig(env('accord.v1.CommitmentStatement',
      commitmentStatement(ids.labA, 'Stale, bad signature', runCapTerms(1e24), undefined, { at: new Date(Date.now() - 3_600_000) }), keys.labA)), 'UNAUTHENTICATED', 'BAD_SIGNATURE');
    const req = env('accord.v1.CommitmentStatement', commitmentStatement(ids.insp, 'Inspector commits again', runCapTerms(1e24)), keys.insp);
    await refused(registry, 'RegisterCommitment', req, 'PERMISSION_DENIED', 'NOT_A_LAB');
    await refused(registry, 'RegisterCommitment', req, 'ALREADY_EXISTS', 'REPLAYED_NONCE');
    return 'header.party_id, BAD_SIGNATURE over MALFORMED_NONCE and STALE_REQUEST, MALFORMED_NONCE over STALE_REQUEST, NOT_A_LAB then REPLAYED_NONCE';
  });

  await check('log: refused requests are not logged', async () => {
    const before = await ok(log, 'GetCheckpoint', {});
    await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement',
      commitmentStatement(ids.labB, 'Forged by A', runCapTerms(1e24)), keys.labA), 'UNAUTHENTICATED', 'UNKNOWN_KEY');
    await refused(registry, 'SignAgreement', env('accord.v1.AgreementSignature', agreementSignature(ids.labA, `ic-${run}-none`, sha(Buffer.alloc(1))), keys.labA),
      'NOT_FOUND', 'UNKNOWN_AGREEMENT');
    const after = await ok(log, 'GetCheckpoint', {});
    expectEqual(after.tree_size, before.tree_size, 'tree size across two refusals');
    return `size stays ${after.tree_size}`;
  });

  let proposalPayload;
  await check('registry: ProposeAgreement; terms_digest = SHA-256(proposal payload), status PROPOSED', async () => {
    proposalPayload = agreementProposal(ids.labA, ids.agreement, 'Independent pact', 'Both labs pause together.', [ids.labA, ids.labB]);
    const res = await ok(registry, 'ProposeAgreement', env('accord.v1.AgreementProposal', proposalPayload, keys.labA));
    const a = res.agreement;
    expectEqual(a.status, 'AGREEMENT_STATUS_PROPOSED', 'status');
    expectEqual(a.party_ids, [ids.labA, ids.labB], 'party ids');
    expectEqual(a.proposed_by, ids.labA, 'proposed_by');
    expectEqual(a.rule.all, true, 'rule all');
    expectEqual(hex(a.terms_digest), hex(sha(proposalPayload)), 'terms_digest');
    expectEqual(hex(a.proposal.payload), hex(proposalPayload), 'proposal payload as received');
    state.receipts.push({ what: 'proposal', receipt: res.receipt });
    return ids.agreement;
  });

  await check('registry: conditional commitment on the agreement is PENDING', async () => {
    const payload = commitmentStatement(ids.labA, 'Pause if B signs too',
      new Msg().message(4, new Msg().double(1, 1e26, true).varint(4, 6)), conditionAllOf(ids.agreement, [ids.labA, ids.labB]));
    const res = await ok(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement', payload, keys.labA));
    expectEqual(res.commitment.status, 'COMMITMENT_STATUS_PENDING', 'status');
    expectEqual(res.commitment.condition.agreement_id, ids.agreement, 'condition agreement');
    state.conditional = res.commitment.commitment_id;
    state.conditionalIndex = res.receipt.index;
    return state.conditional;
  });

  await check('refusal: condition naming a non-party (INVALID_ARGUMENT, condition.parties.party_ids[2])', async () => {
    const payload = commitmentStatement(ids.labA, 'Pause if the inspector signs',
      new Msg().message(4, new Msg().double(1, 1e26, true).varint(4, 6)), conditionAllOf(ids.agreement, [ids.labA, ids.labB, ids.insp]));
    const r = await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement', payload, keys.labA),
      'INVALID_ARGUMENT', null, ['condition.parties.party_ids[2]']);
    return `reason ${r.status?.errorInfo?.reason}, fields ${JSON.stringify(r.fields)}`;
  });

  await check('refusal: condition naming an unknown agreement (INVALID_ARGUMENT UNKNOWN_AGREEMENT)', async () => {
    const payload = commitmentStatement(ids.labA, 'Pause on a ghost pact',
      new Msg().message(4, new Msg().double(1, 1e26, true).varint(4, 6)), conditionAllOf(`ic-${run}-ghost-pact`, [ids.labA]));
    await refused(registry, 'RegisterCommitment', env('accord.v1.CommitmentStatement', payload, keys.labA), 'INVALID_ARGUMENT', 'UNKNOWN_AGREEMENT');
    return 'refused';
  });

  const digest = () => sha(proposalPayload);
  await check('refusal: SignAgreement by a non-party (PERMISSION_DENIED NOT_A_PARTY)', async () => {
    await refused(registry, 'SignAgreement', env('accord.v1.AgreementSignature', agreementSignature(ids.insp, ids.agreement, digest()), keys.insp),
      'PERMISSION_DENIED', 'NOT_A_PARTY');
    return 'refused';
  });

  await check('refusal: SignAgreement over other terms (FAILED_PRECONDITION TERMS_MISMATCH)', async () => {
    await refused(registry, 'SignAgreement', env('accord.v1.AgreementSignature', agreementSignature(ids.labB, ids.agreement, sha(Buffer.from('other terms'))), keys.labB),
      'FAILED_PRECONDITION', 'TERMS_MISMATCH');
    return 'refused';
  });

  await check('refusal: SignAgreement of an unknown agreement (NOT_FOUND UNKNOWN_AGREEMENT)', async () => {
    await refused(registry, 'SignAgreement', env('accord.v1.AgreementSignature', agreementSignature(ids.labA, `ic-${run}-no-such-pact`, digest()), keys.labA),
      'NOT_FOUND', 'UNKNOWN_AGREEMENT');
    await refused(registry, 'GetAgreement', { agreement_id: `ic-${run}-no-such-pact` }, 'NOT_FOUND', 'UNKNOWN_AGREEMENT');
    return 'SignAgreement and GetAgreement refused';
  });

  await check('registry: first signature leaves the agreement PROPOSED; a second by the same party is ALREADY_SIGNED', async () => {
    const res = await ok(registry, 'SignAgreement', env('accord.v1.AgreementSignature', agreementSignature(ids.labA, ids.agreement, digest()), keys.labA));
    expectEqual(res.agreement.status, 'AGREEMENT_STATUS_PROPOSED', 'status after one of two');
    await refused(registry, 'SignAgreement', env('accord.v1.AgreementSignature', agreementSignature(ids.labA, ids.agreement, digest()), keys.labA),
      'ALREADY_EXISTS', 'ALREADY_SIGNED');
    return '1 of 2';
  });

  await check('registry: second party signs; agreement ACTIVE and the conditional commitment ACTIVE', async () => {
    const payload = agreementSignature(ids.labB, ids.agreement, digest());
    const res = await ok(registry, 'SignAgreement', env('accord.v1.AgreementSignature', payload, keys.labB));
    expectEqual(res.agreement.status, 'AGREEMENT_STATUS_ACTIVE', 'status');
    state.activatingIndex = res.receipt.index;
    const a = (await ok(registry, 'GetAgreement', { agreement_id: ids.agreement })).agreement;
    expectEqual(a.status, 'AGREEMENT_STATUS_ACTIVE', 'read back status');
    expect(a.activated_at, 'no activated_at');
    expectEqual(a.signatures.map((s) => s.party_id), [ids.labA, ids.labB], 'signatures in order');
    expectEqual(hex(a.signatures[1].envelope.payload), hex(payload), 'signature payload as received');
    expect(a.commitment_ids.includes(state.conditional), `commitment_ids ${JSON.stringify(a.commitment_ids)} lack ${state.conditional}`);
    const c = (await ok(registry, 'GetCommitment', { commitment_id: state.conditional })).commitment;
    expectEqual(c.status, 'COMMITMENT_STATUS_ACTIVE', 'conditional commitment status');
    expect(c.activated_at, 'no activated_at on the commitment');
    return 'active';
  });

  await check('registry: a commitment\'s history is each status it entered with the log entry that made it (concepts.md)', async () => {
    const c = (await ok(registry, 'GetCommitment', { commitment_id: state.conditional })).commitment;
    expectEqual(c.history.map((e) => e.status), ['COMMITMENT_STATUS_PENDING', 'COMMITMENT_STATUS_ACTIVE'], 'statuses');
    expectEqual(c.history[0].log_index, state.conditionalIndex, 'registration entry');
    expectEqual(c.history[1].log_index, state.activatingIndex, 'activation entry: the signature that met the condition');
    return `pending at ${c.history[0].log_index}, active at ${c.history[1].log_index}`;
  });

  await check('registry: ListAgreements by party names the agreement; an unknown party is NOT_FOUND UNKNOWN_PARTY', async () => {
    const page = await ok(registry, 'ListAgreements', { party_id: ids.labB, page_size: 0, page_token: '' });
    expect(page.agreements.some((a) => a.agreement_id === ids.agreement), `agreements ${JSON.stringify(page.agreements.map((a) => a.agreement_id))} lack ${ids.agreement}`);
    const none = await ok(registry, 'ListAgreements', { party_id: ids.insp, page_size: 0, page_token: '' });
    expect(!none.agreements.some((a) => a.agreement_id === ids.agreement), 'listed under a party it does not name');
    await refused(registry, 'ListAgreements', { party_id: `ic-${run}-nobody`, page_size: 0, page_token: '' }, 'NOT_FOUND', 'UNKNOWN_PARTY');
    return `${page.agreements.length} agreement(s) of ${ids.labB}`;
  });

  await check('registry: withdrawal by another party refused (NOT_OWNER), by its own party WITHDRAWN', async () => {
    await refused(registry, 'WithdrawCommitment', env('accord.v1.CommitmentWithdrawal', commitmentWithdrawal(ids.labB, state.commitment, 'not mine'), keys.labB),
      'PERMISSION_DENIED', 'NOT_OWNER');
    const payload = commitmentWithdrawal(ids.labA, state.commitment, 'superseded');
    const res = await ok(registry, 'WithdrawCommitment', env('accord.v1.CommitmentWithdrawal', payload, keys.labA));
    expectEqual(res.commitment.status, 'COMMITMENT_STATUS_WITHDRAWN', 'status');
    expectEqual(hex(res.commitment.withdrawal.payload), hex(payload), 'withdrawal payload as received');
    return 'withdrawn';
  });

  await check('refusal: oversized request (RESOURCE_EXHAUSTED, no ErrorInfo)', async () => {
    const big = Buffer.alloc(args.maxRequestBytes + 64 * 1024, 0x41);
    const r = await refused(registry, 'RegisterCommitment', { envelope: { payload_type: 'accord.v1.CommitmentStatement', payload: big, signatures: [] } },
      'RESOURCE_EXHAUSTED', null);
    expect(!r.status?.errorInfo, `an ErrorInfo came back (${r.status?.errorInfo?.reason})`);
    return `${big.length} bytes refused`;
  });
}

async function paging() {
  await check('paging: ListCommitments page by page (page_size 2) equals one full page', async () => {
    const full = await ok(registry, 'ListCommitments', { party_id: ids.labA, page_size: 1000 });
    expectEqual(full.next_page_token, '', 'one page holds all');
    expect(full.commitments.length >= 4, `only ${full.commitments.length} commitments of lab A`);
    const seen = [];
    let token = '';
    let pages = 0;
    do {
      const page = await ok(registry, 'ListCommitments', { party_id: ids.labA, page_size: 2, page_token: token });
      expect(page.commitments.length <= 2, `page of ${page.commitments.length}`);
      seen.push(...page.commitments.map((c) => c.commitment_id));
      token = page.next_page_token;
      pages++;
      expect(pages < 100, 'no end to the pages');
    } while (token !== '');
    expectEqual(seen, full.commitments.map((c) => c.commitment_id), 'pages vs full list');
    expect(full.commitments.every((c) => c.party_id === ids.labA), 'another party\'s commitment in the filtered list');
    return `${seen.length} commitments in ${pages} pages`;
  });

  await check('paging: ListParties ordered by id; page_size 0 and above 1000 accepted', async () => {
    const all = [];
    let token = '';
    do {
      const page = await ok(registry, 'ListParties', { page_size: 1000, page_token: token });
      all.push(...page.parties.map((p) => p.party_id));
      token = page.next_page_token;
    } while (token !== '');
    const sorted = [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expectEqual(all, sorted, 'order by id');
    for (const id of [ids.labA, ids.labB, ids.insp]) expect(all.includes(id), `${id} not listed`);
    const def = await ok(registry, 'ListParties', { page_size: 0 });
    expectEqual(def.parties.length, Math.min(100, all.length), 'page_size 0 gives 100 (or all)');
    const huge = await ok(registry, 'ListParties', { page_size: 5000 });
    expectEqual(huge.parties.length, Math.min(1000, all.length), 'page_size 5000 taken as 1000');
    return `${all.length} parties`;
  });

  await check('paging: ListParties page_size 1 walks every party once', async () => {
    const all = [];
    let token = '';
    do {
      const page = await ok(registry, 'ListParties', { page_size: 1, page_token: token });
      expect(page.parties.length === 1, `page of ${page.parties.length}`);
      all.push(page.parties[0].party_id);
      token = page.next_page_token;
    } while (token !== '' && all.length < 10_000);
    expectEqual(new Set(all).size, all.length, 'a party listed twice');
    return `${all.length} pages`;
  });

  await check('refusal: page_token the listing did not give (INVALID_ARGUMENT, field page_token)', async () => {
    const r = await refused(registry, 'ListCommitments', { party_id: ids.labA, page_size: 2, page_token: 'not-a-token-we-were-given' },
      'INVALID_ARGUMENT', null, ['page_token']);
    const r2 = await refused(registry, 'ListParties', { page_size: 2, page_token: '!!!' }, 'INVALID_ARGUMENT', null, ['page_token']);
    return `reasons ${r.status?.errorInfo?.reason}, ${r2.status?.errorInfo?.reason}`;
  });
}

async function transparencyLog() {
  let vkey;
  await check('log: GetLogInfo verifier key is well formed and is the documented log key', async () => {
    const info = await ok(log, 'GetLogInfo', {});
    const parsed = note.parseVerifierKey(info.verifier_key);
    expectEqual(parsed.type, 0x01, 'key type');
    expectEqual(parsed.name, info.origin, 'key name = origin');
    let source = 'as the server reports it (no --log-key given)';
    if (args.logKey) {
      expectEqual(info.verifier_key, args.logKey, 'verifier key vs --log-key');
      source = 'equals --log-key';
    } else if (args.logKeyFile) {
      const k = readKeyFile(args.logKeyFile);
      expectEqual(info.verifier_key, note.formatVerifierKey(args.logOrigin, 0x01, k.publicKey), 'verifier key vs the one derived from --log-key-file');
      source = `equals the key derived from ${path.basename(args.logKeyFile)}`;
    }
    vkey = parsed;
    return `${info.verifier_key.slice(0, 40)}... ${source}`;
  });
  if (!vkey) return;

  let cp;
  await check('log: checkpoint is a signed note that verifies under the log key', async () => {
    const res = await ok(log, 'GetCheckpoint', {});
    const err = note.verifyNote(res.checkpoint, vkey);
    expect(err === null, err);
    const { text } = note.parseNote(res.checkpoint);
    const c = note.parseCheckpoint(text);
    expectEqual(c.origin, vkey.name, 'origin');
    expectEqual(c.size, BigInt(res.tree_size), 'size vs tree_size');
    expectEqual(hex(c.root), hex(res.root_hash), 'root vs root_hash');
    const tampered = res.checkpoint.replace(`\n${c.size}\n`, `\n${c.size + 1n}\n`);
    expect(note.verifyNote(tampered, vkey) !== null, 'a tampered checkpoint verified');
    cp = c;
    return `size ${c.size}`;
  });
  if (!cp) return;

  await check('log: every receipt\'s checkpoint verifies and its inclusion proof reaches that root', async () => {
    expect(state.receipts.length >= 2, 'receipts missing');
    for (const { what, receipt } of state.receipts) {
      expect(note.verifyNote(receipt.checkpoint, vkey) === null, `${what}: receipt checkpoint does not verify`);
      const c = note.parseCheckpoint(note.parseNote(receipt.checkpoint).text);
      const err = merkle.verifyInclusion(BigInt(receipt.index), c.size, receipt.leaf_hash, receipt.inclusion_proof, c.root);
      expect(err === null, `${what}: ${err}`);
    }
    return `${state.receipts.length} receipts`;
  });

  await check('log: GetEntries returns the canonical envelope bytes the client predicted', async () => {
    for (const { what, receipt, entry } of state.receipts.filter((r) => r.entry)) {
      const res = await ok(log, 'GetEntries', { start: receipt.index, count: 1 });
      expectEqual(res.entries.length, 1, 'entries');
      const e = res.entries[0];
      expectEqual(e.index, receipt.index, 'index');
      expectEqual(hex(e.entry), hex(entry), `${what} entry bytes`);
      expectEqual(hex(e.leaf_hash), hex(merkle.leafHash(e.entry)), 'leaf_hash = SHA-256(0x00 || entry)');
    }
    return 'entries match';
  });

  await check('log: the governance act entry parses and verifies under the governance key', async () => {
    const e = (await ok(log, 'GetEntries', { start: state.governIndex, count: 1 })).entries[0];
    const f = readFields(e.entry);
    const payloadType = str(f, 1);
    const payload = first(f, 2);
    expectEqual(payloadType, 'accord.v1.GovernanceAct', 'payload type');
    const sigs = all(f, 3).map((s) => readFields(s));
    const mine = sigs.find((s) => str(s, 1) === state.gov.keyId);
    expect(mine, 'no signature by the governance key');
    expect(ed.verify(first(mine, 2), pae(payloadType, payload), state.gov.publicKey), 'signature does not verify');
    const act = readFields(payload);
    expectEqual(BigInt(first(act, 1)), state.lastSequence + 1n, 'sequence');
    return 'verifies';
  });

  await check('log: inclusion proof by predicted leaf hash against the latest checkpoint', async () => {
    const res = await ok(log, 'GetInclusionProof', { leaf_hash: state.firstLeaf, tree_size: 0 });
    const c = note.parseCheckpoint(note.parseNote(res.checkpoint).text);
    expect(note.verifyNote(res.checkpoint, vkey) === null, 'checkpoint does not verify');
    expectEqual(BigInt(res.tree_size), c.size, 'tree_size vs checkpoint');
    expectEqual(hex(res.leaf_hash), hex(state.firstLeaf), 'leaf hash');
    const err = merkle.verifyInclusion(BigInt(res.index), c.size, state.firstLeaf, res.proof, c.root);
    expect(err === null, err);
    return `index ${res.index} in ${c.size} (${res.proof.length} hashes)`;
  });

  await check('log: inclusion proof by index at an earlier signed size', async () => {
    const r0 = state.receipts[0].receipt;
    const c0 = note.parseCheckpoint(note.parseNote(r0.checkpoint).text);
    const res = await ok(log, 'GetInclusionProof', { index: r0.index, tree_size: String(c0.size) });
    const err = merkle.verifyInclusion(BigInt(r0.index), c0.size, state.firstLeaf, res.proof, c0.root);
    expect(err === null, err);
    if (res.checkpoint) expect(note.verifyNote(res.checkpoint, vkey) === null, 'returned checkpoint does not verify');
    return `index ${r0.index} in ${c0.size}`;
  });

  await check('log: consistency proof from the first receipt\'s checkpoint to the latest', async () => {
    const c0 = note.parseCheckpoint(note.parseNote(state.receipts[0].receipt.checkpoint).text);
    const res = await ok(log, 'GetConsistencyProof', { first_size: String(c0.size), second_size: 0 });
    const c2 = note.parseCheckpoint(note.parseNote(res.checkpoint).text);
    expect(note.verifyNote(res.checkpoint, vkey) === null, 'checkpoint does not verify');
    expectEqual(BigInt(res.second_size), c2.size, 'second_size vs checkpoint');
    expect(c2.size > c0.size, 'the log did not grow');
    const err = merkle.verifyConsistency(c0.size, c2.size, c0.root, c2.root, res.proof);
    expect(err === null, err);
    const bad = res.proof.map((h, i) => (i === res.proof.length - 1 ? Buffer.from(h).fill(7) : h));
    expect(merkle.verifyConsistency(c0.size, c2.size, c0.root, c2.root, bad) !== null, 'a tampered proof verified');
    return `${c0.size} -> ${c2.size} (${res.proof.length} hashes)`;
  });

  await check('log: consistency proof between equal sizes is empty', async () => {
    const res = await ok(log, 'GetConsistencyProof', { first_size: String(cp.size), second_size: String(cp.size) });
    expectEqual(res.proof.length, 0, 'proof length');
    return `size ${cp.size}`;
  });

  await check('log: a cosignature by a witness the log does not trust is refused (PERMISSION_DENIED UNKNOWN_WITNESS)', async () => {
    const latest = await ok(log, 'GetCheckpoint', {});
    const stranger = keyPair();
    const cosigned = cosign(latest.checkpoint, `stranger-${run}.example`, stranger);
    await refused(log, 'AddCosignature', { cosigned_checkpoint: cosigned }, 'PERMISSION_DENIED', 'UNKNOWN_WITNESS');
    return 'refused';
  });

  if (args.witnessKeyFile) {
    await check('log: a trusted witness cosigns the latest checkpoint (cosignature/v1)', async () => {
      const w = readKeyFile(args.witnessKeyFile);
      const name = args.witnessName ?? w.partyId;
      const info = await ok(log, 'GetLogInfo', {});
      const wkey = note.formatVerifierKey(name, 0x04, w.publicKey);
      expect(info.witness_keys.includes(wkey), `${wkey} not among the log's witness keys ${JSON.stringify(info.witness_keys)}`);
      const latest = await ok(log, 'GetCheckpoint', {});
      const cosigned = cosign(latest.checkpoint, name, w);
      const res = await ok(log, 'AddCosignature', { cosigned_checkpoint: cosigned });
      expectEqual(res.added, 1, 'added');
      expect(note.verifyNote(res.checkpoint, vkey) === null, 'the log signature no longer verifies');
      const { text, signatures } = note.parseNote(res.checkpoint);
      const mine = signatures.find((x) => x.name === name && x.keyId.equals(note.noteKeyId(name, 0x04, w.publicKey)));
      expect(mine && note.verifyCosignature(text, mine.sig, w.publicKey), 'the cosignature is not in the checkpoint, or does not verify');
      const again = await ok(log, 'AddCosignature', { cosigned_checkpoint: cosigned });
      expectEqual(again.added, 0, 'added when the same cosignature is sent again');
      return `${name} cosigned size ${note.parseCheckpoint(text).size}`;
    });

    await check('refusal: a trusted witness\'s cosignature that does not verify (INVALID_ARGUMENT BAD_COSIGNATURE)', async () => {
      const w = readKeyFile(args.witnessKeyFile);
      const name = args.witnessName ?? w.partyId;
      const latest = await ok(log, 'GetCheckpoint', {});
      const cosigned = cosign(latest.checkpoint, name, w, { corrupt: true });
      await refused(log, 'AddCosignature', { cosigned_checkpoint: cosigned }, 'INVALID_ARGUMENT', 'BAD_COSIGNATURE');
      return 'refused';
    });
  }

  await check('refusal: log requests out of range (BEYOND_TREE_SIZE, UNKNOWN_LEAF, MALFORMED_HASH, BAD_SIZES, BAD_COUNT)', async () => {
    const beyond = String(cp.size + 1_000_000n);
    await refused(log, 'GetInclusionProof', { index: beyond, tree_size: 0 }, 'OUT_OF_RANGE', 'BEYOND_TREE_SIZE');
    await refused(log, 'GetInclusionProof', { leaf_hash: sha(Buffer.from(`no such leaf ${run}`)), tree_size: 0 }, 'NOT_FOUND', 'UNKNOWN_LEAF');
    await refused(log, 'GetInclusionProof', { leaf_hash: Buffer.alloc(7, 1), tree_size: 0 }, 'INVALID_ARGUMENT', 'MALFORMED_HASH');
    await refused(log, 'GetInclusionProof', { index: 0, tree_size: beyond }, 'OUT_OF_RANGE', 'BEYOND_TREE_SIZE');
    await refused(log, 'GetConsistencyProof', { first_size: 1, second_size: beyond }, 'OUT_OF_RANGE', 'BEYOND_TREE_SIZE');
    await refused(log, 'GetConsistencyProof', { first_size: 0, second_size: 0 }, 'INVALID_ARGUMENT', 'BAD_SIZES');
    await refused(log, 'GetConsistencyProof', { first_size: 3, second_size: 2 }, 'INVALID_ARGUMENT', 'BAD_SIZES');
    // A first size beyond the tree, with second_size 0 (the latest), is first > second: BAD_SIZES.
    await refused(log, 'GetConsistencyProof', { first_size: beyond, second_size: 0 }, 'INVALID_ARGUMENT', 'BAD_SIZES');
    await refused(log, 'GetEntries', { start: 0, count: 0 }, 'INVALID_ARGUMENT', 'BAD_COUNT');
    await refused(log, 'GetEntries', { start: 0, count: 1001 }, 'INVALID_ARGUMENT', 'BAD_COUNT');
    await refused(log, 'GetEntries', { start: beyond, count: 1 }, 'OUT_OF_RANGE', 'BEYOND_TREE_SIZE');
    return '11 refusals';
  });
}

/** Appends a cosignature/v1 line (c2sp.org/tlog-cosignature) by `key` as `name` to a signed checkpoint note. */
function cosign(checkpointNote, name, key, { corrupt = false } = {}) {
  const { text } = note.parseNote(checkpointNote);
  const t = BigInt(Math.floor(Date.now() / 1000));
  const sig = Buffer.from(ed.sign(Buffer.from(`cosignature/v1\ntime ${t}\n${text}`, 'utf8'), key.seed));
  if (corrupt) sig[5] ^= 0x01;
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(t);
  const line = `\u2014 ${name} ${Buffer.concat([note.noteKeyId(name, 0x04, key.publicKey), time, sig]).toString('base64')}\n`;
  return checkpointNote + line;
}

async function main() {
  console.log(`Accord independent client: ${args.server} (run ${run})`);
  await offlineChecks();
  await governanceAndParties();
  await commitmentsAndAgreements();
  await paging();
  await transparencyLog();
  const failed = results.filter((r) => !r.ok);
  console.log(`${results.length - failed.length} of ${results.length} checks passed${failed.length ? `; failed: ${failed.map((f) => f.name).join('; ')}` : ''}`);
  registry.close();
  log.close();
  process.exit(failed.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(`error: ${e?.stack ?? e}`);
  process.exit(1);
});
