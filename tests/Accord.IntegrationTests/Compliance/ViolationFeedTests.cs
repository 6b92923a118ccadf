using Accord.Core.Keys;
using Accord.Client;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Akka.Actor;
using Akka.TestKit;
using Grpc.Core;

namespace Accord.IntegrationTests.Compliance;

/// <summary>
/// Violations found on streamed evidence reach a watching inspector at least once: redelivered after a
/// reconnect until acknowledged, and never again after the acknowledgement.
/// </summary>
public sealed class ViolationFeedTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(20);
    private readonly AccordServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Shutdown();
    }

    private ComplianceService.ComplianceServiceClient Compliance => new(_server.Channel);

    [Fact]
    public async Task WatchViolations_RunAboveItsCap_ArrivesRedeliveredUntilAcknowledgedThenNeverAgain()
    {
        var kit = await DeviceKit.CreateAsync(_server);
        var reporter = await kit.ReadyDeviceAsync();
        var cap = await kit.Lab.CommitAsync(new CommitmentTerms
        {
            TrainingRunCap = new TrainingRunComputeCap { MaxFlop = 1e16, Measure = new ComputeMeasure { Basis = CountingBasis.EstimatedFromUtilization, Precision = Precision.Bf16 } },
        });

        reporter.IntervalEnd = DateTimeOffset.UtcNow.AddSeconds(1);
        var first = CreateTestProbe();
        using (var watch = Watch(kit.Inspector, first))
        {
            await kit.StreamAsync(kit.Lab, [reporter.NextSigned(), reporter.NextSigned(), reporter.NextSigned()]);
            var arrived = first.ExpectMsg<WatchViolationsResponse>(Arrival);
            Assert.Equal(cap.CommitmentId, arrived.Violation.CommitmentId);
            Assert.Equal(kit.Lab.Id, arrived.Violation.PartyId);
            Assert.True(arrived.Violation.Measured > arrived.Violation.Limit);
            Assert.NotEmpty(arrived.Violation.Evidence);
            first.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
            watch.Cancel();
        }

        var second = CreateTestProbe();
        WatchViolationsResponse redelivered;
        using (var watch = Watch(kit.Inspector, second))
        {
            redelivered = second.ExpectMsg<WatchViolationsResponse>(Arrival);
            Assert.Equal(cap.CommitmentId, redelivered.Violation.CommitmentId);
            await Compliance.AcknowledgeViolationsAsync(new AcknowledgeViolationsRequest
            {
                Envelope = kit.Inspector.Sign(new ViolationAcknowledgement { Header = RequestSigning.Header(kit.Inspector.Id), Sequence = redelivered.Sequence }),
            });
            watch.Cancel();
        }

        var third = CreateTestProbe();
        using (var watch = Watch(kit.Inspector, third))
        {
            third.ExpectNoMsg(TimeSpan.FromSeconds(2));
            watch.Cancel();
        }

        var commitment = (await _server.Registry.GetCommitmentAsync(new GetCommitmentRequest { CommitmentId = cap.CommitmentId })).Commitment;
        Assert.Equal(CommitmentStatus.Breached, commitment.Status);
        var breach = commitment.History[^1];
        Assert.Equal(CommitmentStatus.Breached, breach.Status);
        Assert.Equal(redelivered.Violation.Evidence.Max(e => e.LogIndex), breach.LogIndex);
        Assert.Equal(commitment.StatusReason, breach.Reason);

        using var keys = new TempDirectory("accord-violations-");
        KeyFile.Write(keys.File("inspector.key"), kit.Inspector.Id, kit.Inspector.Key);
        var past = await CliRunner.RunAsync("inspect", "violations", kit.Lab.Id, "--key", keys.File("inspector.key"), "--server", _server.Address.ToString());
        Assert.Equal(0, past.Code);
        Assert.Contains($"{kit.Lab.Id} breached {cap.CommitmentId[..12]}", past.Out);
        Assert.Contains("1 violation against", past.Out);
        var status = await Compliance.GetStatusAsync(new GetStatusRequest { PartyId = kit.Lab.Id });
        Assert.Equal(ComplianceState.Breached, Assert.Single(status.Commitments, c => c.CommitmentId == cap.CommitmentId).State);
    }

    [Fact]
    public async Task GetRunDetails_ByAnotherLab_PermissionDeniedButTheLabAndInspectorsMayRead()
    {
        var kit = await DeviceKit.CreateAsync(_server);
        var other = await TestParty.RegisterAsync(_server.Registry, "lab");
        RunDetailsQuery Query(TestParty who) => new() { Header = RequestSigning.Header(who.Id), PartyId = kit.Lab.Id };

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_PERMITTED",
            () => Compliance.GetRunDetailsAsync(new GetRunDetailsRequest { Envelope = other.Sign(Query(other)) }).ResponseAsync);
        var own = await Compliance.GetRunDetailsAsync(new GetRunDetailsRequest { Envelope = kit.Lab.Sign(Query(kit.Lab)) });
        var inspected = await Compliance.GetRunDetailsAsync(new GetRunDetailsRequest { Envelope = kit.Inspector.Sign(Query(kit.Inspector)) });

        Assert.NotNull(own);
        Assert.NotNull(inspected);
    }

    /// <summary>Opens a watch for <paramref name="subscriber"/> and tells the probe every event; dispose to disconnect.</summary>
    private Watcher Watch(TestParty subscriber, TestProbe probe)
    {
        var cancel = new CancellationTokenSource();
        var call = Compliance.WatchViolations(
            new WatchViolationsRequest { Envelope = subscriber.Sign(new ViolationSubscription { Header = RequestSigning.Header(subscriber.Id) }) },
            cancellationToken: cancel.Token);
        IActorRef target = probe.Ref;
        var pump = Task.Run(async () =>
        {
            try
            {
                while (await call.ResponseStream.MoveNext(cancel.Token))
                {
                    target.Tell(call.ResponseStream.Current);
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
            }
            catch (OperationCanceledException)
            {
            }
        });
        return new Watcher(call, cancel, pump);
    }

    private sealed class Watcher(AsyncServerStreamingCall<WatchViolationsResponse> call, CancellationTokenSource cancel, Task pump) : IDisposable
    {
        public void Cancel()
        {
            cancel.Cancel();
            pump.Wait(TimeSpan.FromSeconds(5));
        }

        public void Dispose()
        {
            cancel.Cancel();
            call.Dispose();
            cancel.Dispose();
        }
    }
}
