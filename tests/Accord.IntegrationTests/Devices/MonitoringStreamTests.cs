using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Accord.IntegrationTests.Devices;

/// <summary>Signed reports over the bidirectional stream: every ingest rule, one bad report never poisoning the batch.</summary>
[Collection(ServerCollection.Name)]
public sealed class MonitoringStreamTests(AccordServerFixture server)
{
    [Fact]
    public async Task Stream_GoodBatch_AcceptedLoggedAndCounted()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var reports = Enumerable.Range(0, 5).Select(_ => reporter.NextSigned()).ToList();

        var ack = (await kit.StreamAsync(kit.Lab, reports))[0];

        Assert.All(ack.Results, r => Assert.Equal(ReportOutcome.Accepted, r.Outcome));
        Assert.Equal(5, ack.Results.Select(r => r.LogIndex).Distinct().Count());
        Assert.Single(ack.Challenges, c => c.DeviceId == reporter.Device.DeviceId);
        var device = await Device(kit, reporter);
        Assert.Equal(5ul, device.Reports);
        Assert.Equal(5ul, device.LastSequence);
        var asLab = (await server.Log.GetEntriesAsync(new GetEntriesRequest { Start = ack.Results[0].LogIndex, Count = 1, Reader = kit.Lab.Sign(new EntriesReader { Header = Accord.Client.RequestSigning.Header(kit.Lab.Id) }) })).Entries[0];
        var asAnyone = (await server.Log.GetEntriesAsync(new GetEntriesRequest { Start = ack.Results[0].LogIndex, Count = 1 })).Entries[0];
        var otherLab = await TestParty.RegisterAsync(server.Registry, "lab");
        var asOtherLab = (await server.Log.GetEntriesAsync(new GetEntriesRequest { Start = ack.Results[0].LogIndex, Count = 1, Reader = otherLab.Sign(new EntriesReader { Header = Accord.Client.RequestSigning.Header(otherLab.Id) }) })).Entries[0];
        Assert.Equal(reports[0].ToByteString(), asLab.Entry);
        Assert.True(asAnyone.Withheld);
        Assert.True(asAnyone.Entry.IsEmpty);
        Assert.Equal(asLab.LeafHash, asAnyone.LeafHash);
        Assert.True(asOtherLab.Withheld);
    }

    [Fact]
    public async Task Stream_MixedBatch_EachBadReportRefusedWithItsReasonAndTheGoodOnesKept()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var good1 = reporter.NextSigned();
        var forged = reporter.NextSigned();
        forged.Signatures[0].Sig = Flip(forged.Signatures[0].Sig);
        var afterForged = reporter.Next();
        var above = reporter.Next(utilization: 1.0);
        above.EstimatedFlop = (above.IntervalEnd.ToDateTimeOffset() - above.IntervalStart.ToDateTimeOffset()).TotalSeconds * Reporter.H100Bf16 * 1.001;
        var future = reporter.Next();
        future.IntervalEnd = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(30));

        var ack = (await kit.StreamAsync(kit.Lab, [good1, forged, reporter.Sign(afterForged), reporter.Sign(above), reporter.Sign(future)]))[0];

        Assert.Equal(
            [ReportOutcome.Accepted, ReportOutcome.Rejected, ReportOutcome.Accepted, ReportOutcome.Rejected, ReportOutcome.Rejected],
            ack.Results.Select(r => r.Outcome));
        Assert.Equal("BAD_SIGNATURE", ack.Results[1].Reason);
        Assert.Equal("ABOVE_PHYSICAL_LIMIT", ack.Results[3].Reason);
        Assert.Equal("FUTURE", ack.Results[4].Reason);
        var device = await Device(kit, reporter);
        Assert.Equal(2ul, device.Reports);
        Assert.Equal(3ul, device.LastSequence);
        var gap = Assert.Single(device.Gaps);
        Assert.Equal(("sequence gap", 2ul, 2ul), (gap.Kind, gap.FirstSequence, gap.LastSequence));
    }

    [Fact]
    public async Task Stream_ResendAndReplayAndRollback_DuplicateIsAcknowledgedReplayRefusedNothingStoredTwice()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var first = reporter.Next();
        var second = reporter.Next();
        var signedFirst = reporter.Sign(first);
        await kit.StreamAsync(kit.Lab, [signedFirst, reporter.Sign(second)]);
        var before = await Device(kit, reporter);
        var altered = first.Clone();
        altered.Utilization = 0.1;
        altered.EstimatedFlop = 1;

        var ack = (await kit.StreamAsync(kit.Lab, [signedFirst, reporter.Sign(altered)]))[0];

        Assert.Equal(ReportOutcome.Duplicate, ack.Results[0].Outcome);
        Assert.Equal(ReportOutcome.Rejected, ack.Results[1].Outcome);
        Assert.Equal("ROLLBACK", ack.Results[1].Reason);
        var after = await Device(kit, reporter);
        Assert.Equal(before.Reports, after.Reports);
        Assert.Equal(before.TotalFlop, after.TotalFlop);
    }

    [Fact]
    public async Task Stream_OverlappingInterval_RefusedOverlap()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var first = reporter.Next();
        var overlapping = reporter.Next();
        overlapping.IntervalStart = Timestamp.FromDateTimeOffset(first.IntervalEnd.ToDateTimeOffset().AddSeconds(-1));

        var ack = (await kit.StreamAsync(kit.Lab, [reporter.Sign(first), reporter.Sign(overlapping)]))[0];

        Assert.Equal("OVERLAP", ack.Results[1].Reason);
        Assert.Equal(1ul, (await Device(kit, reporter)).Reports);
    }

    [Fact]
    public async Task Stream_AnotherPartysDevice_RefusedNotOwner()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var other = await TestParty.RegisterAsync(server.Registry, "lab");

        var ack = (await kit.StreamAsync(other, [reporter.NextSigned()]))[0];

        Assert.Equal("NOT_OWNER", ack.Results[0].Reason);
        Assert.Equal(0ul, (await Device(kit, reporter)).Reports);
    }

    [Fact]
    public async Task Stream_ReportWithAChallengeNeverIssued_RefusedUnknownChallenge()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        reporter.Nonce = new byte[32];

        var ack = (await kit.StreamAsync(kit.Lab, [reporter.NextSigned()]))[0];

        Assert.Equal("UNKNOWN_CHALLENGE", ack.Results[0].Reason);
    }

    [Fact]
    public async Task Stream_UnreadablePayload_RefusedMalformedOthersAccepted()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var garbage = new Envelope { PayloadType = MonitoringReport.Descriptor.FullName, Payload = ByteString.CopyFrom(0xFF, 0xFF, 0xFF) };

        var ack = (await kit.StreamAsync(kit.Lab, [garbage, reporter.NextSigned()]))[0];

        Assert.Equal("MALFORMED", ack.Results[0].Reason);
        Assert.Equal(ReportOutcome.Accepted, ack.Results[1].Outcome);
    }

    private static async Task<DeviceRecord> Device(DeviceKit kit, Reporter reporter) =>
        await kit.ReadDeviceAsync(reporter.Device.DeviceId);

    private static ByteString Flip(ByteString bytes)
    {
        var copy = bytes.ToByteArray();
        copy[5] ^= 0x01;
        return ByteString.CopyFrom(copy);
    }
}
