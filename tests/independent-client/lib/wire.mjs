// A minimal protobuf wire-format writer and reader (protobuf.dev/programming-guides/encoding), written
// for this client so that the bytes it signs, and the canonical envelope whose leaf hash it predicts,
// are exactly the bytes it chose, independent of any protobuf library.

const WT_VARINT = 0;
const WT_I64 = 1;
const WT_LEN = 2;
const WT_I32 = 5;

function varint(value) {
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n; // int64/int32 negatives are ten-byte two's complement
  const out = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return Buffer.from(out);
}

const tag = (field, wt) => varint((field << 3) | wt);
const utf8 = (s) => Buffer.from(s, 'utf8');

/** Builds one message: fields are appended in call order; proto3 defaults are left out unless `always`. */
export class Msg {
  constructor() { this.parts = []; }
  varint(field, value, always = false) {
    if (!always && (value === undefined || value === null || BigInt(value) === 0n)) return this;
    this.parts.push(tag(field, WT_VARINT), varint(value));
    return this;
  }
  bool(field, value, always = false) { return (value || always) ? this.varint(field, value ? 1 : 0, true) : this; }
  double(field, value, always = false) {
    if (!always && (value === undefined || (value === 0 && !Object.is(value, -0)))) return this;
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    this.parts.push(tag(field, WT_I64), b);
    return this;
  }
  bytes(field, value, always = false) {
    if (value === undefined || value === null) return this;
    const b = Buffer.isBuffer(value) ? value : Buffer.from(value);
    if (!always && b.length === 0) return this;
    this.parts.push(tag(field, WT_LEN), varint(b.length), b);
    return this;
  }
  string(field, value, always = false) { return value === undefined ? this : this.bytes(field, utf8(value), always); }
  /** A sub-message: always written when given (presence), even when empty. */
  message(field, msg) {
    if (msg === undefined || msg === null) return this;
    return this.bytes(field, msg instanceof Msg ? msg.build() : msg, true);
  }
  /** A packed repeated varint field (proto3's default encoding for repeated scalars). */
  packed(field, values) {
    if (!values || values.length === 0) return this;
    return this.bytes(field, Buffer.concat(values.map(varint)), true);
  }
  build() { return Buffer.concat(this.parts); }
}

/** google.protobuf.Timestamp for a JS Date (millisecond precision) or { seconds, nanos }. */
export function timestamp(t) {
  const ms = t instanceof Date ? t.getTime() : t;
  const seconds = Math.floor(ms / 1000);
  const nanos = (ms - seconds * 1000) * 1_000_000;
  return new Msg().varint(1, seconds).varint(2, nanos);
}

/** Reads every field of one message: a Map from field number to a list of { wt, value } (value: BigInt or Buffer). */
export function readFields(buf) {
  const fields = new Map();
  let pos = 0;
  const readVarint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const b = buf[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
  };
  while (pos < buf.length) {
    const key = readVarint();
    const field = Number(key >> 3n);
    const wt = Number(key & 7n);
    let value;
    if (wt === WT_VARINT) value = readVarint();
    else if (wt === WT_I64) { value = buf.subarray(pos, pos + 8); pos += 8; }
    else if (wt === WT_I32) { value = buf.subarray(pos, pos + 4); pos += 4; }
    else if (wt === WT_LEN) {
      const len = Number(readVarint());
      if (pos + len > buf.length) throw new Error('truncated length-delimited field');
      value = buf.subarray(pos, pos + len);
      pos += len;
    } else throw new Error(`unsupported wire type ${wt}`);
    if (pos > buf.length) throw new Error('truncated field');
    if (!fields.has(field)) fields.set(field, []);
    fields.get(field).push({ wt, value });
  }
  return fields;
}

export const first = (fields, n) => (fields.get(n) ?? [])[0]?.value;
export const all = (fields, n) => (fields.get(n) ?? []).map((f) => f.value);
export const str = (fields, n) => { const v = first(fields, n); return v === undefined ? '' : Buffer.from(v).toString('utf8'); };

/** google.rpc.Status (code 1, message 2, details 3 as Any{type_url 1, value 2}), with ErrorInfo and BadRequest decoded. */
export function decodeRpcStatus(buf) {
  const f = readFields(buf);
  const status = { code: Number(first(f, 1) ?? 0n), message: str(f, 2), details: [], errorInfo: null, badRequest: null, retryInfo: null };
  for (const any of all(f, 3)) {
    const a = readFields(any);
    const typeUrl = str(a, 1);
    const value = first(a, 2) ?? Buffer.alloc(0);
    status.details.push({ typeUrl, value });
    if (typeUrl === 'type.googleapis.com/google.rpc.ErrorInfo') {
      const e = readFields(value);
      const metadata = {};
      for (const entry of all(e, 3)) {
        const m = readFields(entry);
        metadata[str(m, 1)] = str(m, 2);
      }
      status.errorInfo = { reason: str(e, 1), domain: str(e, 2), metadata };
    } else if (typeUrl === 'type.googleapis.com/google.rpc.BadRequest') {
      status.badRequest = all(readFields(value), 1).map((v) => {
        const fv = readFields(v);
        return { field: str(fv, 1), description: str(fv, 2) };
      });
    } else if (typeUrl === 'type.googleapis.com/google.rpc.RetryInfo') {
      status.retryInfo = value;
    }
  }
  return status;
}
