// DMTF DSP0274 SPDM 1.1 measurement block (section 10.11.1, table "Measurement block format")
// and the DMTF measurement specification value header (DMTFSpecMeasurementValueType, 1 byte;
// DMTFSpecMeasurementValueSize, 2 bytes little-endian; then the value).
namespace Accord.Core.Attestation;

/// <summary>
/// One measurement block. For <see cref="Specification"/> = <see cref="DmtfSpecification"/> (bit 0)
/// <see cref="Value"/> is the value after the 3-byte DMTF header and <see cref="DmtfValueType"/>
/// its type byte; otherwise <see cref="Value"/> is the whole raw measurement field.
/// </summary>
public sealed record MeasurementBlock(byte Index, byte Specification, byte[] Value)
{
    /// <summary>MeasurementSpecification bit 0: the DMTF measurement value format.</summary>
    public const byte DmtfSpecification = 0x01;

    /// <summary>
    /// DMTFSpecMeasurementValueType: bit 7 set for a raw bit stream, clear for a digest; bits 0-6
    /// the kind (0 immutable ROM, 1 mutable firmware, 2 hardware configuration, 3 firmware
    /// configuration, 4 measurement manifest). NVIDIA reports 0x01. Ignored unless DMTF.
    /// </summary>
    public byte DmtfValueType { get; init; } = 0x01;

    /// <summary>The value as lowercase hex.</summary>
    public string ValueHex => Convert.ToHexStringLower(Value);
}
