// The outcome of SPDM evidence verification (DMTF DSP0274 SPDM 1.1 MEASUREMENTS signature, the
// NVIDIA nvtrust local verifier's report checks) on top of the chain result (RFC 5280).
namespace Accord.Core.Attestation;

/// <summary>
/// The result of <see cref="SpdmEvidenceVerifier.Verify"/>: valid only when the chain is valid
/// and every report check passes. <see cref="Measurements"/> is empty unless valid;
/// <see cref="Steps"/> lists the report checks (the chain's are in <see cref="Chain"/>).
/// </summary>
public sealed record EvidenceResult(
    bool Valid,
    string? Reason,
    string Message,
    string? DeviceId,
    ChainResult Chain,
    IReadOnlyList<MeasurementBlock> Measurements,
    IReadOnlyList<string> Steps)
{
    /// <summary>The parsed report (opaque fields included) when valid; null otherwise.</summary>
    public SpdmMeasurementReport? Report { get; init; }
}
