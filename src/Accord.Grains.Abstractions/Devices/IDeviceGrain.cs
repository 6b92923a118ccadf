using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Devices;

/// <summary>One device, keyed by device id (its identity certificate's subject serial number).</summary>
[Alias("accord.device")]
public interface IDeviceGrain : IGrainWithStringKey
{
    /// <summary>
    /// Issues a single-use challenge (32 random bytes) that expires after the configured lifetime: to anyone when
    /// <paramref name="issuedTo"/> is null or empty, else to that (authenticated) lab, which must own the device or
    /// ask before it is enrolled; only that lab's newer requests can evict it.
    /// </summary>
    [Alias("challenge")]
    Task<Outcome<ChallengeEntry>> IssueChallenge(string? issuedTo = null, CancellationToken cancellationToken = default);

    /// <summary>Enrols the device for a lab after verifying its chain (and evidence, if given) against the trust snapshot.</summary>
    [Alias("enrol")]
    Task<Outcome<DeviceState>> Enrol(string partyId, string model, ImmutableList<byte[]> chain, byte[]? spdmReport, TrustSnapshotData trust, StoredEnvelope envelope, CancellationToken cancellationToken = default);

    /// <summary>Records this boot epoch's reporting key from a certificate signed by the identity key.</summary>
    [Alias("reporting-key")]
    Task<Outcome<DeviceState>> SubmitReportingKey(string partyId, byte[] statement, byte[] signature, StoredEnvelope envelope, CancellationToken cancellationToken = default);

    /// <summary>Verifies, orders, logs and records a batch of this device's reports streamed by <paramref name="partyId"/>.</summary>
    [Alias("ingest")]
    Task<IngestResult> Ingest(string partyId, ImmutableList<ReportSubmission> reports, CancellationToken cancellationToken = default);

    /// <summary>Marks the device silent if it missed its reports for too long; returns the state as of now.</summary>
    [Alias("liveness")]
    Task<DeviceState?> CheckLiveness(CancellationToken cancellationToken = default);

    /// <summary>
    /// The device's state. Interleaves: a party's compliance grain reads its devices (tick, status) while
    /// a device's ingest may be waiting on that same compliance grain; a read must not wait behind it.
    /// </summary>
    [Alias("get")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<DeviceState?> Get();
}

/// <summary>Every enrolled device id with its party (one grain, key <see cref="Key"/>).</summary>
[Alias("accord.device-directory")]
public interface IDeviceDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "all";

    [Alias("add")]
    Task Add(string deviceId, string partyId, CancellationToken cancellationToken = default);

    [Alias("list")]
    Task<ImmutableSortedDictionary<string, string>> List();
}

/// <summary>The directory's state: device id -> party id.</summary>
[GenerateSerializer, Immutable, Alias("accord.device-directory-state")]
public sealed record DeviceDirectoryState
{
    [Id(0)] public ImmutableSortedDictionary<string, string> Devices { get; init; } = ImmutableSortedDictionary<string, string>.Empty;
}
