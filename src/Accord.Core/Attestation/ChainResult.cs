// The outcome of device chain validation (RFC 5280 section 6.1, the NVIDIA nvtrust verifier's
// certificate chain steps): a stable reason code on refusal and the steps taken, in order.
namespace Accord.Core.Attestation;

/// <summary>
/// The result of <see cref="DeviceChainVerifier.Verify"/>. <see cref="Reason"/> is null when
/// <see cref="Valid"/>, otherwise one of <see cref="AttestationReasons"/>. <see cref="DeviceId"/>
/// is set only when valid; <see cref="RootSha256"/> once the chain was anchored to a trusted root.
/// <see cref="Steps"/> lists each check as "name: ok|FAILED|skipped - detail"; the last failed
/// one explains <see cref="Reason"/>.
/// </summary>
public sealed record ChainResult(
    bool Valid,
    string? Reason,
    string Message,
    string? DeviceId,
    string? RootSha256,
    RevocationStatus Revocation,
    IReadOnlyList<string> Steps);
