using Accord.Client;
using Accord.Core.Keys;
using Accord.Core.Log;
using Accord.Core.Notes;
using Accord.Core.Transparency;
using Accord.DevTools;
using Accord.PropertyTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using CsCheck;
using Google.Protobuf;
using Grpc.Core;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Services;

/// <summary>
/// The real server through real gRPC: bad requests to the registry, devices, log and monitoring
/// stream are refused with a specific status and an ErrorInfo reason, and change nothing.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ServiceProperties(AccordServerFixture server, ITestOutputHelper output)
{
    private DeviceService.DeviceServiceClient Devices => new(server.Channel);

    [Fact]
    public async Task Registry_BadSignedRequests_RefusedAndNothingChanges()
    {
        var lab = new TestParty(server.Registry, "fuzz-lab-" + Guid.NewGuid().ToString("N")[..8], PartyRole.Lab);
        var registration = lab.Registration();
        var registered = lab.Sign(registration);
        await server.Registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = registered });
        var statement = lab.Statement(TestParty.Pause());
        var committed = lab.Sign(statement);
        await server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = committed });
        var proposal = new AgreementProposal
        {
            Header = RequestSigning.Header(lab.Id),
            AgreementId = "fuzz-" + Guid.NewGuid().ToString("N")[..8],
            Title = "agreement",
            Text = "terms",
            Rule = new ActivationRule { All = true },
            PartyIds = { lab.Id, (await TestParty.RegisterAsync(server.Registry, "fuzz-other")).Id },
        };
        var proposed = lab.Sign(proposal);
        var agreement = (await server.Registry.ProposeAgreementAsync(new ProposeAgreementRequest { Envelope = proposed })).Agreement;
        var signature = lab.SignatureOn(agreement);
        await server.Registry.SignAgreementAsync(new SignAgreementRequest { Envelope = signature });
        var second = await lab.CommitAsync(TestParty.Pause(1e27));
        var withdrawal = new CommitmentWithdrawal { Header = RequestSigning.Header(lab.Id), CommitmentId = second.CommitmentId, Reason = "done" };
        var withdrawn = lab.Sign(withdrawal);
        await server.Registry.WithdrawCommitmentAsync(new WithdrawCommitmentRequest { Envelope = withdrawn });

        var calls = Gen.Int[0, 4].SelectMany(kind => kind switch
        {
            0 => BadRequests.From(registration, registered, lab.Key).Select(e => (Func<Task>)(async () => await server.Registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = e }))),
            1 => BadRequests.From(statement, committed, lab.Key).Select(e => (Func<Task>)(async () => await server.Registry.RegisterCommitmentAsync(new RegisterCommitmentRequest { Envelope = e }))),
            2 => BadRequests.From(proposal, proposed, lab.Key).Select(e => (Func<Task>)(async () => await server.Registry.ProposeAgreementAsync(new ProposeAgreementRequest { Envelope = e }))),
            3 => BadRequests.From(AgreementSignature.Parser.ParseFrom(signature.Payload), signature, lab.Key)
                .Select(e => (Func<Task>)(async () => await server.Registry.SignAgreementAsync(new SignAgreementRequest { Envelope = e }))),
            _ => BadRequests.From(withdrawal, withdrawn, lab.Key).Select(e => (Func<Task>)(async () => await server.Registry.WithdrawCommitmentAsync(new WithdrawCommitmentRequest { Envelope = e }))),
        });
        await AssertRefusedAndUnchangedAsync("registry, bad signed requests", calls, CaseBudget.ServiceRegistry);
    }

    [Fact]
    public async Task Devices_BadSignedRequests_RefusedAndNothingChanges()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var other = Accord.DevTools.TestManufacturer.Create("Fuzz Manufacturer " + Guid.NewGuid().ToString("N")[..6], DateTimeOffset.UtcNow);
        var root = new TrustRootAddition { Header = RequestSigning.Header(kit.Inspector.Id), CertificateDer = ByteString.CopyFrom(other.RootDer), Label = "second" };
        var trusted = kit.Inspector.Sign(root);
        await Devices.AddTrustRootAsync(new AddTrustRootRequest { Envelope = trusted });
        var device = kit.NewDevice();
        var enrolled = kit.Enrolment(kit.Lab, device.ChainDer);
        await Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = enrolled });
        var nonce = await kit.ChallengeAsync(device.DeviceId);
        var submitted = kit.ReportingKeySubmission(device, PartyKeyPair.Generate(), 1, nonce);
        await Devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = submitted });

        var calls = Gen.Int[0, 2].SelectMany(kind => kind switch
        {
            0 => BadRequests.From(root, trusted, kit.Inspector.Key).Select(e => (Func<Task>)(async () => await Devices.AddTrustRootAsync(new AddTrustRootRequest { Envelope = e }))),
            1 => BadRequests.From(DeviceEnrolment.Parser.ParseFrom(enrolled.Payload), enrolled, kit.Lab.Key)
                .Select(e => (Func<Task>)(async () => await Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = e }))),
            _ => BadRequests.From(ReportingKeySubmission.Parser.ParseFrom(submitted.Payload), submitted, kit.Lab.Key)
                .Select(e => (Func<Task>)(async () => await Devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = e }))),
        });
        await AssertRefusedAndUnchangedAsync("devices, bad signed requests", calls, CaseBudget.ServiceDevices);
    }

    [Fact]
    public async Task Compliance_BadSignedRequests_RefusedAndNothingChanges()
    {
        var compliance = new ComplianceService.ComplianceServiceClient(server.Channel);
        var lab = await TestParty.RegisterAsync(server.Registry, "fuzz-lab");
        var inspector = await TestParty.RegisterAsync(server.Registry, "fuzz-insp", PartyRole.Inspector);
        var notice = new TrainingNotification { Header = RequestSigning.Header(lab.Id), WorkloadId = "run-9", ExpectedFlop = 1e24, Precision = Precision.Bf16 };
        var noticed = lab.Sign(notice);
        await compliance.NotifyTrainingAsync(new NotifyTrainingRequest { Envelope = noticed });
        var checkpoint = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());
        var verdict = new Verdict
        {
            Header = RequestSigning.Header(inspector.Id),
            PartyId = lab.Id,
            WindowStart = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
            WindowEnd = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            Checkpoint = checkpoint.Checkpoint,
        };
        var issued = inspector.Sign(verdict);
        await compliance.IssueVerdictAsync(new IssueVerdictRequest { Envelope = issued });

        var calls = Gen.Int[0, 1].SelectMany(kind => kind switch
        {
            0 => BadRequests.From(notice, noticed, lab.Key).Select(e => (Func<Task>)(async () => await compliance.NotifyTrainingAsync(new NotifyTrainingRequest { Envelope = e }))),
            _ => BadRequests.From(verdict, issued, inspector.Key).Select(e => (Func<Task>)(async () => await compliance.IssueVerdictAsync(new IssueVerdictRequest { Envelope = e }))),
        });
        await AssertRefusedAndUnchangedAsync("compliance, bad signed requests", calls, CaseBudget.ServiceCompliance);
    }

    [Fact]
    public async Task Log_RandomQueriesAndCosignatures_AnswerOrRefuseAndNothingChanges()
    {
        var checkpoint = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());
        var logKey = await server.LogKeyAsync();
        var cosigned = Witnessing.Cosign(server.Witness, logKey, null, checkpoint.Checkpoint, [], DateTimeOffset.UtcNow).Format();
        await server.Log.AddCosignatureAsync(new AddCosignatureRequest { CosignedCheckpoint = cosigned });
        var before = await ServerState.SnapshotAsync(server);
        var size = checkpoint.TreeSize;

        var sizes = Gen.Frequency((3, Gen.Long[-2, size + 2]), (1, Gen.Long), (1, Gen.OneOf(Gen.Const(long.MaxValue), Gen.Const(long.MinValue))));
        var counts = Gen.Frequency((3, Gen.Int[-2, 20]), (1, Gen.Int));
        var calls = Gen.Int[0, 4].SelectMany(kind => kind switch
        {
            0 => Gen.Select(sizes, sizes, (index, treeSize) => Call(async () => await server.Log.GetInclusionProofAsync(new GetInclusionProofRequest { Index = index, TreeSize = treeSize }))),
            1 => Gen.Select(Gen.Frequency((3, Gen.Byte.Array[32]), (1, Gen.Byte.Array[0, 40]), (1, Gen.Const(MerkleHash.Leaf([])))), sizes, (hash, treeSize) =>
                Call(async () => await server.Log.GetInclusionProofAsync(new GetInclusionProofRequest { LeafHash = ByteString.CopyFrom(hash), TreeSize = treeSize }))),
            2 => Gen.Select(sizes, sizes, (first, second) => Call(async () => await server.Log.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = first, SecondSize = second }))),
            3 => Gen.Select(sizes, counts, (start, count) => Call(async () => await server.Log.GetEntriesAsync(new GetEntriesRequest { Start = start, Count = count }))),
            _ => Gen.Frequency((5, Mutate.Text(cosigned)), (1, Gen.String[0, 100])).Select(text => Call(async () => await server.Log.AddCosignatureAsync(new AddCosignatureRequest { CosignedCheckpoint = text }))),
        });
        await Property.RunAsync(output, "log, random queries and cosignatures", calls, async call =>
        {
            try
            {
                await call();
            }
            catch (RpcException e)
            {
                RpcRefusal.Check(e, RpcRefusal.Specific);
            }
        }, CaseBudget.ServiceLog);
        Assert.Equal(before, await ServerState.SnapshotAsync(server));
    }

    [Fact]
    public async Task Monitoring_BadReports_RejectedWithReasonAndOnlyAcceptedOnesLogged()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var reporter = await kit.ReadyDeviceAsync();
        var report = reporter.Next();
        var accepted = reporter.Sign(report);
        var first = await kit.StreamAsync(kit.Lab, [accepted]);
        Assert.Equal(ReportOutcome.Accepted, first[0].Results[0].Outcome);

        // A later report nobody sent yet: its field mutations may be valid, and then the first is accepted.
        var later = report.Clone();
        later.Sequence = 1_000;
        later.IntervalStart = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(reporter.IntervalEnd.AddMinutes(1));
        later.IntervalEnd = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(reporter.IntervalEnd.AddMinutes(1).AddSeconds(10));
        var reports = Gen.Int[0, 5].SelectMany(how => how switch
        {
            0 => ProtoMutator.Of(report).Select(m => (Signed: true, Envelope: reporter.Sign(m))),
            1 => ProtoMutator.Of(later).Select(m => (Signed: true, Envelope: reporter.Sign(m))),
            2 or 3 => Mutate.Bytes(accepted.Payload.ToByteArray()).Select(b => (Signed: false, Envelope: With(accepted, e => e.Payload = ByteString.CopyFrom(b)))),
            4 => Mutate.Bytes(accepted.Signatures[0].Sig.ToByteArray()).Select(b => (Signed: false, Envelope: With(accepted, e => e.Signatures[0].Sig = ByteString.CopyFrom(b)))),
            _ => Gen.Const((Signed: false, Envelope: accepted.Clone())),
        });

        var sizeBefore = await ServerState.TreeSizeAsync(server);
        var deviceBefore = await DeviceRecordAsync(reporter.Device.DeviceId);
        long acceptedCount = 0;
        var reasons = new Dictionary<string, int>();
        ulong batchId = 100;
        using var call = kit.Monitoring.Stream();
        await call.RequestStream.WriteAsync(new StreamRequest { Hello = kit.Lab.Sign(new MonitoringHello { Header = RequestSigning.Header(kit.Lab.Id), Agent = "fuzz" }) });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        await Property.RunAsync(output, "monitoring stream, bad reports", reports.Array[1, 3], async batch =>
        {
            var request = new ReportBatch { BatchId = batchId++ };
            request.Reports.AddRange(batch.Select(b => b.Envelope));
            await call.RequestStream.WriteAsync(new StreamRequest { Batch = request });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            var ack = call.ResponseStream.Current.Ack;
            Assert.Equal(batch.Length, ack.Results.Count);
            for (var i = 0; i < batch.Length; i++)
            {
                var result = ack.Results[i];
                Assert.Equal((uint)i, result.Position);
                switch (result.Outcome)
                {
                    case ReportOutcome.Accepted:
                        Assert.True(batch[i].Signed, "a report the device never signed was accepted");
                        acceptedCount++;
                        break;
                    case ReportOutcome.Duplicate:
                        break;
                    case ReportOutcome.Rejected:
                        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
                        reasons[result.Reason] = reasons.GetValueOrDefault(result.Reason) + 1;
                        break;
                    default:
                        Assert.Fail($"outcome {result.Outcome}");
                        break;
                }
            }
        }, CaseBudget.ServiceMonitoring);
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }

        output.WriteLine($"{acceptedCount} mutated reports were valid and accepted; rejected: "
            + string.Join(", ", reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")));
        Assert.Equal(sizeBefore + acceptedCount, await ServerState.TreeSizeAsync(server));
        if (acceptedCount == 0)
        {
            Assert.Equal(deviceBefore, await DeviceRecordAsync(reporter.Device.DeviceId));
        }
    }

    private async Task<DeviceRecord> DeviceRecordAsync(string deviceId)
    {
        var record = (await Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = deviceId })).Device;
        record.SilentSince = null;
        return record;
    }

    private static Func<Task> Call(Func<Task> call) => call;

    private static Envelope With(Envelope accepted, Action<Envelope> change)
    {
        var copy = accepted.Clone();
        change(copy);
        return copy;
    }

    private async Task AssertRefusedAndUnchangedAsync(string name, Gen<Func<Task>> calls, int iter)
    {
        var before = await ServerState.SnapshotAsync(server);
        var reasons = new Dictionary<string, int>();
        await Property.RunAsync(output, name, calls, async call =>
        {
            var e = await Assert.ThrowsAsync<RpcException>(call);
            var reason = RpcRefusal.Check(e, RpcRefusal.Specific);
            lock (reasons)
            {
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
        }, iter);
        output.WriteLine("reasons: " + string.Join(", ", reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")));
        Assert.Equal(before, await ServerState.SnapshotAsync(server));
    }
}
