// The NVIDIA layout of the SPDM 1.1 MEASUREMENTS OpaqueData (DMTF DSP0274 section 10.11):
// a sequence of { type (2 bytes LE), length (2 bytes LE), value } fields, as the NVIDIA
// nvtrust local verifier reads it.
namespace Accord.Core.Attestation;

/// <summary>One NVIDIA opaque data field.</summary>
public sealed record OpaqueField(ushort Type, byte[] Value)
{
    /// <summary>Driver version, NUL-terminated ASCII (nvtrust OPAQUE_FIELD_ID_DRIVER_VERSION).</summary>
    public const ushort DriverVersion = 3;

    /// <summary>VBIOS version (nvtrust OPAQUE_FIELD_ID_VBIOS_VERSION).</summary>
    public const ushort VbiosVersion = 6;

    /// <summary>Per-measurement counters, 4 bytes LE each (nvtrust OPAQUE_FIELD_ID_MSRSCNT).</summary>
    public const ushort MeasurementCounts = 12;

    /// <summary>Chip SKU, ASCII (nvtrust OPAQUE_FIELD_ID_CHIP_SKU).</summary>
    public const ushort ChipSku = 15;

    /// <summary>Project, ASCII (nvtrust OPAQUE_FIELD_ID_PROJECT).</summary>
    public const ushort Project = 17;

    /// <summary>Project SKU, ASCII (nvtrust OPAQUE_FIELD_ID_PROJECT_SKU).</summary>
    public const ushort ProjectSku = 18;

    /// <summary>The firmware id digest that must equal the leaf certificate's TcbInfo FWID (nvtrust OPAQUE_FIELD_ID_FWID).</summary>
    public const ushort Fwid = 20;

    /// <summary>The value as lowercase hex.</summary>
    public string ValueHex => Convert.ToHexStringLower(Value);
}
