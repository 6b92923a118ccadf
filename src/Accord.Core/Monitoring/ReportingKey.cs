using Accord.Core.Keys;

namespace Accord.Core.Monitoring;

/// <summary>
/// What a <c>accord.v1.ReportingKeyStatement</c> says, as read from its bytes (the protobuf reader lives with the
/// contract, in Accord.Protos: <c>MonitoringMapping.ReadStatement</c>).
/// </summary>
/// <param name="DeviceId">The device it certifies a key for.</param>
/// <param name="BootEpoch">The boot epoch.</param>
/// <param name="ReportingPublicKey">The key's bytes as sent (a raw Ed25519 key is 32).</param>
/// <param name="NotBefore">Valid from; null when absent or not a representable timestamp.</param>
/// <param name="NotAfter">Valid until; null when absent or not a representable timestamp.</param>
/// <param name="ChallengeNonce">The server challenge it answers.</param>
public sealed record ReportingKeyClaims(
    string DeviceId,
    ulong BootEpoch,
    byte[] ReportingPublicKey,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    byte[] ChallengeNonce);

/// <summary>A device's reporting key for one boot epoch and its validity.</summary>
/// <param name="BootEpoch">The epoch the key signs reports of.</param>
/// <param name="PublicKey">The Ed25519 key.</param>
/// <param name="NotBefore">No report of the key may start before this.</param>
/// <param name="NotAfter">No report of the key may end after this.</param>
public sealed record ReportingKey(ulong BootEpoch, PartyPublicKey PublicKey, DateTimeOffset NotBefore, DateTimeOffset NotAfter);

/// <summary>A reporting key whose certificate verifies under the device's identity key.</summary>
/// <param name="DeviceId">The device the statement names (the one expected).</param>
/// <param name="Key">The key, its epoch and validity.</param>
/// <param name="ChallengeNonce">The server challenge the statement answers.</param>
public sealed record CertifiedReportingKey(string DeviceId, ReportingKey Key, byte[] ChallengeNonce);
