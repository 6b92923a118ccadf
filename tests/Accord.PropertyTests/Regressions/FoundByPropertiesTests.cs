using Accord.Client;
using Accord.Core.Keys;
using Accord.PropertyTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Server.Security;
using Accord.Testing;
using Accord.Testing.Server;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Accord.PropertyTests.Regressions;

/// <summary>
/// The failures the properties found, each pinned as a plain test: a google.protobuf.Timestamp
/// that is not normalized (nanos outside [0, 10^9)) or out of range made ToDateTimeOffset throw
/// InvalidOperationException, which reached clients as status Unknown or ended the monitoring stream.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FoundByPropertiesTests(AccordServerFixture server)
{
    private static readonly Timestamp NotNormalized = new() { Seconds = 1_700_000_000, Nanos = -1 };

    [Fact]
    public void Parse_IssuedAtNotNormalized_InvalidArgument()
    {
        var key = PartyKeyPair.Generate();
        var header = RequestSigning.Header("lab-1");
        header.IssuedAt = NotNormalized;
        var envelope = RequestSigning.Sign(new MonitoringHello { Header = header, Agent = "a" }, key);

        var e = Assert.Throws<RpcException>(() => SignedRequestReader.Parse(envelope, MonitoringHello.Parser, h => h.Header));

        Assert.Equal("INVALID_ARGUMENT", RpcRefusal.Check(e, StatusCode.InvalidArgument));
    }

    [Fact]
    public async Task Stream_SignedReportWithIntervalNotNormalized_RejectedMalformedAndStreamGoesOn()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var bad = reporter.Next();
        bad.IntervalEnd = NotNormalized;

        var acks = await kit.StreamAsync(kit.Lab, [reporter.Sign(bad)], [reporter.NextSigned()]);

        Assert.Equal(ReportOutcome.Rejected, acks[0].Results[0].Outcome);
        Assert.Equal("MALFORMED", acks[0].Results[0].Reason);
        Assert.Equal(ReportOutcome.Accepted, acks[1].Results[0].Outcome);
    }

    [Fact]
    public async Task SubmitReportingKey_StatementValidityNotNormalized_InvalidArgumentMalformed()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.NewDevice();
        await kit.EnrolAsync(device);
        var nonce = await kit.ChallengeAsync(device.DeviceId);
        var statement = new ReportingKeyStatement
        {
            DeviceId = device.DeviceId,
            BootEpoch = 1,
            ReportingPublicKey = ByteString.CopyFrom(PartyKeyPair.Generate().PublicKey.ToBytes()),
            NotBefore = NotNormalized,
            NotAfter = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)),
            ChallengeNonce = ByteString.CopyFrom(nonce),
        }.ToByteArray();
        var submission = kit.Lab.Sign(new ReportingKeySubmission
        {
            Header = RequestSigning.Header(kit.Lab.Id),
            Certificate = new ReportingKeyCertificate { Statement = ByteString.CopyFrom(statement), Signature = ByteString.CopyFrom(device.SignDer(statement)) },
        });

        var e = await Assert.ThrowsAsync<RpcException>(async () => await kit.Devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = submission }));

        Assert.Equal("MALFORMED", RpcRefusal.Check(e, StatusCode.InvalidArgument));
    }

    [Fact]
    public async Task IssueVerdict_WindowNotNormalized_InvalidArgument()
    {
        var inspector = await TestParty.RegisterAsync(server.Registry, "insp", PartyRole.Inspector);
        var checkpoint = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());
        var verdict = new Verdict
        {
            Header = RequestSigning.Header(inspector.Id),
            PartyId = inspector.Id,
            WindowStart = NotNormalized,
            WindowEnd = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            Checkpoint = checkpoint.Checkpoint,
        };
        var compliance = new ComplianceService.ComplianceServiceClient(server.Channel);

        var e = await Assert.ThrowsAsync<RpcException>(async () => await compliance.IssueVerdictAsync(new IssueVerdictRequest { Envelope = inspector.Sign(verdict) }));

        RpcRefusal.Check(e, StatusCode.InvalidArgument);
    }
}
