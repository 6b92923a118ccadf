using Accord.Client;
using Accord.Core.Attestation;
using Accord.Core.Keys;
using Accord.DevTools;
using Accord.Grains.Abstractions.Devices;
using Accord.Grains.Abstractions.Log;
using Accord.Grains.Devices;
using Accord.Protos.Mapping;
using Accord.Protos.V1;
using Accord.Server.Mapping;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Accord.Grains.Tests.Devices;

/// <summary>
/// Challenges and reporting keys against the grain's clock (a fake one): expiry and silence exactly at their boundaries;
/// and ingest of a report as the server read it, across the wire serializer.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DeviceGrainTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, "STALE_CHALLENGE")]
    public async Task SubmitReportingKey_ChallengeAtOrPastItsLifetime_AcceptedUpToTheLifetimeExactly(long ticksPastLifetime, string? reason)
    {
        using var lab = TestParty.Create("lab");
        var (grain, device) = await EnrolledDevice(lab);
        var challenge = (await grain.IssueChallenge()).Value!;
        cluster.Time.SetUtcNow(challenge.ExpiresAt + TimeSpan.FromTicks(ticksPastLifetime));
        using var key = PartyKeyPair.Generate();
        var statement = Statement(device, key, 1, challenge.Nonce);

        var result = await grain.SubmitReportingKey(lab.Id, statement, device.SignDer(statement), lab.Sign(new ReportingKeySubmission()));

        Assert.Equal(reason, result.Rejection?.Reason);
        Assert.Equal(reason is null ? 1ul : 0ul, (await grain.Get())!.BootEpoch);
    }

    [Fact]
    public async Task SubmitReportingKey_EpochNotAfterTheCurrent_RefusedStaleEpoch()
    {
        using var lab = TestParty.Create("lab");
        var (grain, device) = await EnrolledDevice(lab);
        using var key = PartyKeyPair.Generate();
        var first = Statement(device, key, 5, (await grain.IssueChallenge()).Value!.Nonce);
        await grain.SubmitReportingKey(lab.Id, first, device.SignDer(first), lab.Sign(new ReportingKeySubmission()));
        var older = Statement(device, key, 5, (await grain.IssueChallenge()).Value!.Nonce);

        var result = await grain.SubmitReportingKey(lab.Id, older, device.SignDer(older), lab.Sign(new ReportingKeySubmission()));

        Assert.Equal("STALE_EPOCH", result.Rejection?.Reason);
    }

    [Fact]
    public async Task CheckLiveness_NeverReported_SilentExactlyThreeIntervalsAfterEnrolment()
    {
        using var lab = TestParty.Create("lab");
        var (grain, _) = await EnrolledDevice(lab);
        var enrolledAt = (await grain.Get())!.EnrolledAt;
        var threshold = TimeSpan.FromTicks((long)(new MonitoringOptions().ReportInterval.Ticks * new MonitoringOptions().SilenceMultiple));

        cluster.Time.SetUtcNow(enrolledAt + threshold);
        var atThreshold = await grain.CheckLiveness();
        cluster.Time.SetUtcNow(enrolledAt + threshold + Tick);
        var past = await grain.CheckLiveness();

        Assert.Null(atThreshold!.SilentSince);
        Assert.Equal(enrolledAt + threshold, past!.SilentSince);
    }

    [Fact]
    public async Task Ingest_ReportAsTheServerReadIt_LoggedAsItsEnvelopeBytesThenDuplicate()
    {
        using var lab = TestParty.Create("lab");
        var (grain, device) = await EnrolledDevice(lab);
        using var key = PartyKeyPair.Generate();
        var nonce = (await grain.IssueChallenge()).Value!.Nonce;
        var statement = Statement(device, key, 1, nonce);
        Assert.Null((await grain.SubmitReportingKey(lab.Id, statement, device.SignDer(statement), lab.Sign(new ReportingKeySubmission()))).Rejection);
        var envelope = RequestSigning.Sign(new MonitoringReport
        {
            DeviceId = device.DeviceId,
            BootEpoch = 1,
            Sequence = 1,
            IntervalStart = Timestamp.FromDateTimeOffset(cluster.Now.AddMinutes(-1)),
            IntervalEnd = Timestamp.FromDateTimeOffset(cluster.Now),
            WorkloadId = "run-1",
            ActiveSeconds = 30,
            Utilization = 0.5,
            PowerWatts = 400,
            EstimatedFlop = 1e15,
            Precision = Protos.V1.Precision.Bf16,
            PeerDeviceHashes = { ByteString.CopyFrom(new byte[32]) },
            LastChallengeNonce = ByteString.CopyFrom(nonce),
        }, key);
        var submission = new ReportSubmission { Position = 3, Report = MonitoringMapping.ReadReport(EnvelopeMapping.ToCore(envelope)) };

        var first = Assert.Single((await grain.Ingest(lab.Id, [submission])).Results);
        var again = Assert.Single((await grain.Ingest(lab.Id, [submission])).Results);

        Assert.Equal((ReportDisposition.Accepted, 3, device.DeviceId, 1ul), (first.Disposition, first.Position, first.DeviceId, first.Sequence));
        var logged = (await cluster.Grains.GetGrain<ILogGrain>(ILogGrain.Key).GetEntries(first.LogIndex, 1)).Value!;
        Assert.Equal(envelope.ToByteArray(), Assert.Single(logged).Entry);
        Assert.Equal((ReportDisposition.Duplicate, first.LogIndex), (again.Disposition, again.LogIndex));
    }

    private async Task<(IDeviceGrain Grain, DeviceIdentity Device)> EnrolledDevice(TestParty lab)
    {
        var manufacturer = TestManufacturer.Create("Grain Fab", cluster.Now);
        var device = manufacturer.IssueDevice("GPU-" + Guid.NewGuid().ToString("N")[..12], cluster.Now);
        var grain = cluster.Grains.GetGrain<IDeviceGrain>(device.DeviceId);
        var trust = new TrustSnapshotData { Roots = [manufacturer.RootDer], Revoked = [] };
        var enrolled = await grain.Enrol(lab.Id, nameof(Core.Monitoring.DeviceModel.H100Sxm), [.. device.ChainDer], null, trust, lab.Sign(new DeviceEnrolment()));
        Assert.Null(enrolled.Rejection);
        return (grain, device);
    }

    private byte[] Statement(DeviceIdentity device, PartyKeyPair key, ulong epoch, byte[] nonce) => new ReportingKeyStatement
    {
        DeviceId = device.DeviceId,
        BootEpoch = epoch,
        ReportingPublicKey = ByteString.CopyFrom(key.PublicKey.ToBytes()),
        NotBefore = Timestamp.FromDateTimeOffset(cluster.Now.AddMinutes(-1)),
        NotAfter = Timestamp.FromDateTimeOffset(cluster.Now.AddHours(1)),
        ChallengeNonce = ByteString.CopyFrom(nonce),
    }.ToByteArray();
}
