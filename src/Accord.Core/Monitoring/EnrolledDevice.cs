namespace Accord.Core.Monitoring;

/// <summary>What the reporting-key and report rules read from an enrolled device's record.</summary>
/// <param name="DeviceId">The device id (its identity leaf's subject serialNumber).</param>
/// <param name="PartyId">The lab that enrolled it.</param>
/// <param name="IdentityPublicKeyInfo">The identity leaf's SubjectPublicKeyInfo, DER (ECDSA P-384).</param>
/// <param name="BootEpoch">The epoch of its current reporting key; 0 before the first.</param>
/// <param name="ReportingKey">Its current reporting key; null before the first.</param>
/// <param name="Challenges">The challenges issued to it that it remembers, oldest first.</param>
public sealed record EnrolledDevice(
    string DeviceId,
    string PartyId,
    byte[] IdentityPublicKeyInfo,
    ulong BootEpoch,
    ReportingKey? ReportingKey,
    IReadOnlyList<IssuedChallenge> Challenges);
