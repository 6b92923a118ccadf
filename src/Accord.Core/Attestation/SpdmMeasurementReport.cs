// DMTF DSP0274 SPDM 1.1: GET_MEASUREMENTS request (section 10.11, code 0xE0, with signature
// requested: Param1 bit 0, 32-byte Nonce, SlotIDParam) followed by the MEASUREMENTS response
// (code 0x60: NumberOfBlocks, 3-byte MeasurementRecordLength, the measurement blocks, 32-byte
// Nonce, 2-byte OpaqueLength, OpaqueData, Signature), all little-endian, the signature ECDSA
// P-384 over SHA-384 of the request and response before it (the L1/L2 transcript of section
// 10.11.2 when it is the only measurement exchange), raw r||s. This is the layout NVIDIA GPUs
// return and the nvtrust local verifier parses; docs/attestation.md gives every offset.
using System.Buffers.Binary;

namespace Accord.Core.Attestation;

/// <summary>
/// An NVIDIA SPDM 1.1 attestation report: the 37-byte GET_MEASUREMENTS request and the signed
/// MEASUREMENTS response. <see cref="Parse"/> checks the layout exactly and keeps the bytes;
/// it does not check the signature (<see cref="SpdmEvidenceVerifier"/> does).
/// </summary>
public sealed class SpdmMeasurementReport
{
    /// <summary>SPDM version 1.1, the only one accepted (1.2 signs a different transcript).</summary>
    public const byte SpdmVersion11 = 0x11;

    /// <summary>GET_MEASUREMENTS request code.</summary>
    public const byte GetMeasurementsCode = 0xE0;

    /// <summary>MEASUREMENTS response code.</summary>
    public const byte MeasurementsCode = 0x60;

    /// <summary>Request length: 4-byte header, 32-byte nonce, 1-byte slot id.</summary>
    public const int RequestLength = 4 + NonceLength + 1;

    /// <summary>Nonce length (request and response).</summary>
    public const int NonceLength = 32;

    /// <summary>Fixed part of the response before the measurement record: header (4), NumberOfBlocks (1), MeasurementRecordLength (3).</summary>
    public const int ResponseHeaderLength = 8;

    /// <summary>SPDM 1.1 caps OpaqueLength at 1024 bytes.</summary>
    public const int MaxOpaqueLength = 1024;

    /// <summary>The largest report accepted, in bytes (a defensive cap).</summary>
    public const int MaxReportBytes = 1 << 20;

    private const int MeasurementBlockHeaderLength = 4;
    private const int DmtfHeaderLength = 3;
    private const int OpaqueFieldHeaderLength = 4;

    private readonly byte[] requestNonce;
    private readonly byte[] responderNonce;
    private readonly byte[] signedBytes;
    private readonly byte[] signature;

    private SpdmMeasurementReport(
        byte[] requestNonce,
        IReadOnlyList<MeasurementBlock> measurements,
        byte[] responderNonce,
        IReadOnlyList<OpaqueField> opaque,
        byte[] signedBytes,
        byte[] signature,
        byte requestParam2,
        byte slotId)
    {
        this.requestNonce = requestNonce;
        Measurements = measurements;
        this.responderNonce = responderNonce;
        Opaque = opaque;
        this.signedBytes = signedBytes;
        this.signature = signature;
        RequestedMeasurement = requestParam2;
        SlotId = slotId;
    }

    /// <summary>The requester's nonce (request bytes 4..35): the verifier's challenge.</summary>
    public byte[] RequestNonce => (byte[])requestNonce.Clone();

    /// <summary>The measurement blocks, in report order.</summary>
    public IReadOnlyList<MeasurementBlock> Measurements { get; }

    /// <summary>The responder's nonce.</summary>
    public byte[] ResponderNonce => (byte[])responderNonce.Clone();

    /// <summary>The NVIDIA opaque data fields, in order.</summary>
    public IReadOnlyList<OpaqueField> Opaque { get; }

    /// <summary>Everything before the signature (request and response): what the signature covers.</summary>
    public byte[] SignedBytes => (byte[])signedBytes.Clone();

    /// <summary>The signature, raw r||s (96 bytes).</summary>
    public byte[] Signature => (byte[])signature.Clone();

    /// <summary>The request's Param2: the measurement index asked for (0xFF: all).</summary>
    public byte RequestedMeasurement { get; }

    /// <summary>The request's SlotIDParam: the certificate slot whose key signs.</summary>
    public byte SlotId { get; }

    /// <summary>The first opaque field of this type, or null.</summary>
    public OpaqueField? FindOpaque(ushort type) => Opaque.FirstOrDefault(f => f.Type == type);

    /// <summary>Parses a report (request followed by response).</summary>
    /// <exception cref="AttestationException">MALFORMED, with the offset and the field that is wrong.</exception>
    public static SpdmMeasurementReport Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxReportBytes)
        {
            throw Malformed($"{bytes.Length} bytes, more than the {MaxReportBytes} allowed");
        }

        var minimum = RequestLength + ResponseHeaderLength + NonceLength + 2 + EcdsaP384.RawSignatureSize;
        if (bytes.Length < minimum)
        {
            throw Malformed($"{bytes.Length} bytes, fewer than the {minimum} of the smallest report");
        }

        // GET_MEASUREMENTS request
        Expect(bytes, 0, SpdmVersion11, "request SPDMVersion");
        Expect(bytes, 1, GetMeasurementsCode, "request code (GET_MEASUREMENTS)");
        if ((bytes[2] & 0x01) == 0)
        {
            throw Malformed($"offset 2: request Param1 0x{bytes[2]:x2} does not ask for a signature (bit 0)");
        }

        var requestNonce = bytes.Slice(4, NonceLength).ToArray();
        var slotId = bytes[RequestLength - 1];

        // MEASUREMENTS response
        var r = RequestLength;
        Expect(bytes, r, SpdmVersion11, "response SPDMVersion");
        Expect(bytes, r + 1, MeasurementsCode, "response code (MEASUREMENTS)");
        var numberOfBlocks = bytes[r + 4];
        var recordLength = bytes[r + 5] | (bytes[r + 6] << 8) | (bytes[r + 7] << 16);
        var recordStart = r + ResponseHeaderLength;
        var available = bytes.Length - recordStart - NonceLength - 2 - EcdsaP384.RawSignatureSize;
        if (recordLength > available)
        {
            throw Malformed($"offset {r + 5}: MeasurementRecordLength {recordLength} runs past the end ({available} bytes left for it)");
        }

        var measurements = ParseRecord(bytes.Slice(recordStart, recordLength), recordStart, numberOfBlocks);

        var p = recordStart + recordLength;
        var responderNonce = bytes.Slice(p, NonceLength).ToArray();
        p += NonceLength;
        var opaqueLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[p..]);
        if (opaqueLength > MaxOpaqueLength)
        {
            throw Malformed($"offset {p}: OpaqueLength {opaqueLength} exceeds the SPDM 1.1 limit of {MaxOpaqueLength}");
        }

        p += 2;
        var remaining = bytes.Length - p;
        if (remaining != opaqueLength + EcdsaP384.RawSignatureSize)
        {
            throw Malformed(
                $"offset {p}: {remaining} bytes remain after OpaqueLength, expected {opaqueLength} of opaque data and {EcdsaP384.RawSignatureSize} of signature");
        }

        var opaque = ParseOpaque(bytes.Slice(p, opaqueLength), p);
        p += opaqueLength;
        return new SpdmMeasurementReport(
            requestNonce,
            measurements,
            responderNonce,
            opaque,
            bytes[..p].ToArray(),
            bytes[p..].ToArray(),
            bytes[3],
            slotId);
    }

    /// <summary>
    /// Builds a report in the same layout (request Param1 0x01, Param2 0xFF, slot 0; response
    /// Param1 and Param2 0), signing everything before the signature with
    /// <paramref name="signRaw"/>, which must return 96 bytes r||s (ECDSA P-384 over SHA-384),
    /// e.g. <c>device.SignRaw</c> (<see cref="DeviceIdentity.SignRaw(byte[])"/>). For simulated devices and tests.
    /// </summary>
    /// <exception cref="ArgumentException">A nonce not 32 bytes, more than 255 blocks, oversized values, or a signature not 96 bytes.</exception>
    public static byte[] Build(
        byte[] requestNonce,
        IReadOnlyList<MeasurementBlock> measurements,
        byte[] responderNonce,
        IReadOnlyList<OpaqueField> opaque,
        Func<byte[], byte[]> signRaw)
    {
        ArgumentNullException.ThrowIfNull(requestNonce);
        ArgumentNullException.ThrowIfNull(measurements);
        ArgumentNullException.ThrowIfNull(responderNonce);
        ArgumentNullException.ThrowIfNull(opaque);
        ArgumentNullException.ThrowIfNull(signRaw);
        if (requestNonce.Length != NonceLength || responderNonce.Length != NonceLength)
        {
            throw new ArgumentException($"Both nonces must be {NonceLength} bytes.");
        }

        if (measurements.Count > byte.MaxValue)
        {
            throw new ArgumentException($"At most {byte.MaxValue} measurement blocks fit in NumberOfBlocks.", nameof(measurements));
        }

        var record = new List<byte>();
        foreach (var block in measurements)
        {
            ArgumentNullException.ThrowIfNull(block?.Value, nameof(measurements));
            var isDmtf = (block.Specification & MeasurementBlock.DmtfSpecification) != 0;
            var size = block.Value.Length + (isDmtf ? DmtfHeaderLength : 0);
            if (size > ushort.MaxValue)
            {
                throw new ArgumentException($"Measurement block {block.Index} is too large ({size} bytes).", nameof(measurements));
            }

            record.Add(block.Index);
            record.Add(block.Specification);
            AddUInt16(record, size);
            if (isDmtf)
            {
                record.Add(block.DmtfValueType);
                AddUInt16(record, block.Value.Length);
            }

            record.AddRange(block.Value);
        }

        var opaqueBytes = new List<byte>();
        foreach (var field in opaque)
        {
            ArgumentNullException.ThrowIfNull(field?.Value, nameof(opaque));
            if (field.Value.Length > ushort.MaxValue)
            {
                throw new ArgumentException($"Opaque field {field.Type} is too large.", nameof(opaque));
            }

            AddUInt16(opaqueBytes, field.Type);
            AddUInt16(opaqueBytes, field.Value.Length);
            opaqueBytes.AddRange(field.Value);
        }

        if (opaqueBytes.Count > MaxOpaqueLength)
        {
            throw new ArgumentException($"The opaque data is {opaqueBytes.Count} bytes, more than the SPDM 1.1 limit of {MaxOpaqueLength}.", nameof(opaque));
        }

        var bytes = new List<byte>(RequestLength + ResponseHeaderLength + record.Count + NonceLength + 2 + opaqueBytes.Count + EcdsaP384.RawSignatureSize)
        {
            SpdmVersion11, GetMeasurementsCode, 0x01, 0xFF,
        };
        bytes.AddRange(requestNonce);
        bytes.Add(0x00);
        bytes.AddRange([SpdmVersion11, MeasurementsCode, 0x00, 0x00, (byte)measurements.Count]);
        bytes.Add((byte)(record.Count & 0xFF));
        bytes.Add((byte)((record.Count >> 8) & 0xFF));
        bytes.Add((byte)((record.Count >> 16) & 0xFF));
        bytes.AddRange(record);
        bytes.AddRange(responderNonce);
        AddUInt16(bytes, opaqueBytes.Count);
        bytes.AddRange(opaqueBytes);

        var signed = bytes.ToArray();
        var signature = signRaw(signed);
        if (signature is null || signature.Length != EcdsaP384.RawSignatureSize)
        {
            throw new ArgumentException($"The signer must return {EcdsaP384.RawSignatureSize} bytes (r||s).", nameof(signRaw));
        }

        return [.. signed, .. signature];
    }

    private static List<MeasurementBlock> ParseRecord(ReadOnlySpan<byte> record, int offset, int numberOfBlocks)
    {
        if (numberOfBlocks == 0)
        {
            throw Malformed($"offset {offset - 4}: NumberOfBlocks is 0 (no measurements)");
        }

        var blocks = new List<MeasurementBlock>(numberOfBlocks);
        var seen = new HashSet<byte>();
        var p = 0;
        for (var n = 0; n < numberOfBlocks; n++)
        {
            if (record.Length - p < MeasurementBlockHeaderLength)
            {
                throw Malformed($"offset {offset + p}: measurement block {n + 1} of {numberOfBlocks} has no room for its 4-byte header");
            }

            var index = record[p];
            var specification = record[p + 1];
            var size = BinaryPrimitives.ReadUInt16LittleEndian(record[(p + 2)..]);
            if (!seen.Add(index))
            {
                throw Malformed($"offset {offset + p}: measurement index {index} appears twice");
            }

            var body = p + MeasurementBlockHeaderLength;
            if (record.Length - body < size)
            {
                throw Malformed($"offset {offset + p + 2}: measurement block {index} says {size} bytes, only {record.Length - body} remain in the record");
            }

            var measurement = record.Slice(body, size);
            if ((specification & MeasurementBlock.DmtfSpecification) != 0)
            {
                if (size < DmtfHeaderLength)
                {
                    throw Malformed($"offset {offset + body}: DMTF measurement {index} is {size} bytes, shorter than its 3-byte header");
                }

                var valueSize = BinaryPrimitives.ReadUInt16LittleEndian(measurement[1..]);
                if (valueSize != size - DmtfHeaderLength)
                {
                    throw Malformed(
                        $"offset {offset + body + 1}: DMTF measurement {index} value size {valueSize} does not match the block size {size} less the 3-byte header");
                }

                blocks.Add(new MeasurementBlock(index, specification, measurement[DmtfHeaderLength..].ToArray()) { DmtfValueType = measurement[0] });
            }
            else
            {
                blocks.Add(new MeasurementBlock(index, specification, measurement.ToArray()));
            }

            p = body + size;
        }

        if (p != record.Length)
        {
            throw Malformed($"offset {offset + p}: {record.Length - p} byte(s) left in the measurement record after {numberOfBlocks} block(s)");
        }

        return blocks;
    }

    private static List<OpaqueField> ParseOpaque(ReadOnlySpan<byte> opaque, int offset)
    {
        var fields = new List<OpaqueField>();
        var p = 0;
        while (p < opaque.Length)
        {
            if (opaque.Length - p < OpaqueFieldHeaderLength)
            {
                throw Malformed($"offset {offset + p}: {opaque.Length - p} byte(s) of opaque data cannot hold a field header (type, length)");
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(opaque[p..]);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(opaque[(p + 2)..]);
            var body = p + OpaqueFieldHeaderLength;
            if (opaque.Length - body < length)
            {
                throw Malformed($"offset {offset + p + 2}: opaque field type {type} says {length} bytes, only {opaque.Length - body} remain");
            }

            fields.Add(new OpaqueField(type, opaque.Slice(body, length).ToArray()));
            p = body + length;
        }

        return fields;
    }

    private static void Expect(ReadOnlySpan<byte> bytes, int offset, byte expected, string field)
    {
        if (bytes[offset] != expected)
        {
            throw Malformed($"offset {offset}: {field} is 0x{bytes[offset]:x2}, expected 0x{expected:x2}");
        }
    }

    private static void AddUInt16(List<byte> bytes, int value)
    {
        bytes.Add((byte)(value & 0xFF));
        bytes.Add((byte)((value >> 8) & 0xFF));
    }

    private static AttestationException Malformed(string problem) =>
        new(AttestationReasons.Malformed, $"SPDM report: {problem}.");
}
