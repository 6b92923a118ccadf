using Accord.Agent.Chips;
using Accord.Agent.Reports;
using Accord.Agent.Spool;
using Accord.Agent.Tests.Infrastructure;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Accord.Testing;

namespace Accord.Agent.Tests;

public sealed class AgentRunnerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("accord-agent-");
    private readonly PartyKeyPair _lab = PartyKeyPair.Generate();
    private readonly TestDeviceIdentity _gpu1 = new("GPU-0001");
    private readonly TestDeviceIdentity _gpu2 = new("GPU-0002");
    private ServerLedger _ledger = null!;
    private LoopbackServer _server = null!;

    private IReadOnlyList<IDeviceIdentity> Identities => [_gpu1, _gpu2];

    public async Task InitializeAsync()
    {
        KeyFile.Write(_dir.File("lab.key"), "lab-a", _lab);
        _ledger = new ServerLedger("lab-a", _lab.PublicKey);
        _ledger.AddDevice(_gpu1.DeviceId, _gpu1.PublicKeyInfo);
        _ledger.AddDevice(_gpu2.DeviceId, _gpu2.PublicKeyInfo);
        _server = await LoopbackServer.StartAsync(_ledger);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _gpu1.Dispose();
        _gpu2.Dispose();
        _lab.Dispose();
        _dir.Dispose();
    }

    private AgentOptions Options(TimeSpan? interval = null, TimeSpan? validity = null) => new()
    {
        Server = _server.Address,
        LabKeyFile = _dir.File("lab.key"),
        SpoolPath = _dir.File("spool.db"),
        ReportInterval = interval ?? TimeSpan.FromMilliseconds(100),
        KeyValidity = validity ?? TimeSpan.FromHours(1),
        BatchSize = 4,
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
        Devices =
        [
            new AgentDeviceOptions { DeviceId = "GPU-0001", Chip = "steady", Peers = ["GPU-0002"] },
            new AgentDeviceOptions { DeviceId = "GPU-0002", Chip = "bursty", Seed = 3, Precision = Precision.Fp8 },
        ],
    };

    private List<MonitoringReport> AcceptedFor(string deviceId) =>
        _ledger.Accepted.Select(a => a.Report).Where(r => r.DeviceId == deviceId).ToList();

    private async Task Until(Func<bool> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    private static async Task Stop(CancellationTokenSource cts, Task run)
    {
        await cts.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    // Every accepted report of the device: per epoch, sequences 1..n and intervals chained from the key's not_before.
    // Unless the agent was stopped and started again (an ack can be in flight when it stops: that report
    // is sent again and answered DUPLICATE), no report was sent again after its ack was delivered.
    private void AssertGaplessEvidence(string deviceId, bool agentRestarted = false)
    {
        var reports = AcceptedFor(deviceId);
        Assert.NotEmpty(reports);
        foreach (var epoch in reports.GroupBy(r => r.BootEpoch))
        {
            var ordered = epoch.ToList();
            Assert.Equal(Enumerable.Range(1, ordered.Count).Select(i => (ulong)i), ordered.Select(r => r.Sequence));
            for (var i = 1; i < ordered.Count; i++)
            {
                Assert.Equal(ordered[i - 1].IntervalEnd, ordered[i].IntervalStart);
            }
        }

        Assert.Empty(_ledger.Device(deviceId).Gaps);
        if (!agentRestarted)
        {
            Assert.Empty(_ledger.Violations);
        }
    }

    private Dictionary<string, ReportState> SpooledDigests()
    {
        using var spool = ReportSpool.Open(_dir.File("spool.db"));
        return spool.Reports().ToDictionary(r => ServerLedger.DigestOf(Envelope.Parser.ParseFrom(r.Envelope)), r => r.State);
    }

    [Fact]
    public async Task RunAsync_AgainstServer_CertifiesKeysAndStreamsVerifiedGaplessReports()
    {
        var runner = new AgentRunner();
        using var cts = new CancellationTokenSource();

        var run = runner.RunAsync(Options(), Identities, cts.Token);
        await Until(() => AcceptedFor("GPU-0001").Count >= 5 && AcceptedFor("GPU-0002").Count >= 5, "five reports per device");
        await Until(() => runner.Status.Pending == 0 || runner.Status.Acked >= 10, "acks");
        var status = runner.Status;
        await Stop(cts, run);

        Assert.Equal(2, _ledger.KeySubmissions);
        Assert.Equal(1, _gpu1.Signatures);
        Assert.Equal(1, _gpu2.Signatures);
        Assert.True(status.Produced >= 10);
        Assert.Equal(status.Produced, status.Acked + status.Rejected + status.Pending);
        foreach (var identity in Identities)
        {
            AssertGaplessEvidence(identity.DeviceId);
            var device = _ledger.Device(identity.DeviceId);
            var reports = AcceptedFor(identity.DeviceId);
            Assert.Equal(device.NotBefore, reports[0].IntervalStart.ToDateTimeOffset());
            Assert.All(reports, r => Assert.True(_ledger.WasIssued(r.LastChallengeNonce)));
            Assert.All(reports, r => Assert.False(r.LastChallengeNonce.IsEmpty));
        }

        var steady = AcceptedFor("GPU-0001");
        Assert.All(steady, r => Assert.Equal("steady", r.WorkloadId));
        Assert.All(steady, r => Assert.Equal(r.ActiveSeconds * 989.4e12 * r.Utilization, r.EstimatedFlop));
        Assert.All(steady, r => Assert.Equal(MonitoringReports.PeerHash("GPU-0002"), Assert.Single(r.PeerDeviceHashes)));
        Assert.All(AcceptedFor("GPU-0002"), r => Assert.Equal(Precision.Fp8, r.Precision));
    }

    [Fact]
    public async Task RunAsync_Restarted_ReusesTheKeyAndContinuesTheSequence()
    {
        using (var cts = new CancellationTokenSource())
        {
            var run = new AgentRunner().RunAsync(Options(), Identities, cts.Token);
            await Until(() => AcceptedFor("GPU-0001").Count >= 3, "three reports");
            await Stop(cts, run);
        }

        var epoch = _ledger.Device("GPU-0001").Epoch;
        var before = AcceptedFor("GPU-0001").Count;
        using (var cts = new CancellationTokenSource())
        {
            var run = new AgentRunner().RunAsync(Options(), Identities, cts.Token);
            await Until(() => AcceptedFor("GPU-0001").Count >= before + 3, "three more reports");
            await Stop(cts, run);
        }

        Assert.Equal(2, _ledger.KeySubmissions);
        Assert.Equal(1, _gpu1.Signatures);
        Assert.All(AcceptedFor("GPU-0001"), r => Assert.Equal(epoch, r.BootEpoch));
        AssertGaplessEvidence("GPU-0001", agentRestarted: true);
        AssertGaplessEvidence("GPU-0002", agentRestarted: true);
    }

    [Fact]
    public async Task RunAsync_ServerKilledAndRestarted_LosesNothingAndDuplicatesNothing()
    {
        var runner = new AgentRunner();
        using var cts = new CancellationTokenSource();
        var run = runner.RunAsync(Options(), Identities, cts.Token);
        await Until(() => AcceptedFor("GPU-0001").Count >= 3, "three reports");

        await _server.KillAsync();
        var producedWhileDown = runner.Status.Produced;
        await Until(() => runner.Status.Produced >= producedWhileDown + 6, "reports spooled while the server is down");
        Assert.False(runner.Status.Connected);
        await _server.StartAgainAsync();
        var target = runner.Status.Produced;
        await Until(() => runner.Status.Acked >= target, "the backlog to drain");
        await Stop(cts, run);

        // Acked in the spool => stored once on the server => produced by the agent; a batch still in
        // flight when the agent stopped may be stored without its ack recorded: those are still pending.
        var spooled = SpooledDigests();
        var accepted = _ledger.Accepted.Select(a => a.Digest).ToList();
        Assert.Equal(accepted.Count, accepted.Distinct().Count());
        Assert.Subset(accepted.ToHashSet(), spooled.Where(s => s.Value == ReportState.Acked).Select(s => s.Key).ToHashSet());
        Assert.Subset(spooled.Keys.ToHashSet(), accepted.ToHashSet());
        Assert.All(accepted, d => Assert.NotEqual(ReportState.Rejected, spooled[d]));
        Assert.Equal(spooled.Count, runner.Status.Produced);
        AssertGaplessEvidence("GPU-0001");
        AssertGaplessEvidence("GPU-0002");
    }

    [Fact]
    public async Task RunAsync_ServerLosesTheKey_ReKeysWithAHigherEpoch()
    {
        var logger = new ListLogger();
        var runner = new AgentRunner(logger: logger);
        using var cts = new CancellationTokenSource();
        var run = runner.RunAsync(Options(), Identities, cts.Token);
        await Until(() => AcceptedFor("GPU-0001").Count >= 2, "two reports");
        var firstEpoch = _ledger.Device("GPU-0001").Epoch;

        _ledger.ForgetReportingKeys();
        await Until(() => AcceptedFor("GPU-0001").Any(r => r.BootEpoch > firstEpoch && r.Sequence >= 2), "reports under a new epoch");
        await Stop(cts, run);

        Assert.Equal(2, _gpu1.Signatures);
        var rejected = runner.Status.Rejected;
        Assert.True(rejected >= 1);
        Assert.Contains(logger.Lines, l => l.Contains("rejected: NO_REPORTING_KEY", StringComparison.Ordinal));
        var epochs = AcceptedFor("GPU-0001").Select(r => r.BootEpoch).Distinct().ToList();
        Assert.Equal(2, epochs.Count);
        Assert.True(epochs[1] > epochs[0]);
        AssertGaplessEvidence("GPU-0001");
    }

    [Fact]
    public async Task RunAsync_KeyExpires_RotatesEpochsWithoutRejections()
    {
        var runner = new AgentRunner();
        using var cts = new CancellationTokenSource();
        var run = runner.RunAsync(Options(TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(1)), [_gpu1, _gpu2], cts.Token);

        await Until(() => AcceptedFor("GPU-0001").Select(r => r.BootEpoch).Distinct().Count() >= 3, "three epochs", 15);
        await Stop(cts, run);

        Assert.Equal(0, runner.Status.Rejected);
        AssertGaplessEvidence("GPU-0001");
        var byEpoch = AcceptedFor("GPU-0001").GroupBy(r => r.BootEpoch).ToList();
        for (var i = 1; i < byEpoch.Count; i++)
        {
            // A new epoch starts where (or after) the last one's evidence ended.
            Assert.True(byEpoch[i].First().IntervalStart.ToDateTimeOffset() >= byEpoch[i - 1].Last().IntervalEnd.ToDateTimeOffset());
        }
    }

    [Fact]
    public async Task RunAsync_KeySubmissionAnswerLost_FindsTheKeyOnRecordInsteadOfANewEpoch()
    {
        _ledger.LoseNextSubmitAnswer = true;
        var options = Options();
        options.Devices.RemoveAt(1);
        var runner = new AgentRunner();
        using var cts = new CancellationTokenSource();

        var run = runner.RunAsync(options, [_gpu1], cts.Token);
        await Until(() => AcceptedFor("GPU-0001").Count >= 2, "two reports");
        await Stop(cts, run);

        Assert.Equal(1, _ledger.KeySubmissions);
        Assert.Equal(1, _gpu1.Signatures);
        AssertGaplessEvidence("GPU-0001");
    }

    [Fact]
    public async Task RunAsync_DeviceWithoutIdentity_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => new AgentRunner().RunAsync(Options(), [_gpu1], CancellationToken.None));
    }

    [Fact]
    public void Problems_InvalidOptions_NamesEachProblem()
    {
        var options = new AgentOptions
        {
            ReportInterval = TimeSpan.Zero,
            BatchSize = 0,
            Devices =
            [
                new AgentDeviceOptions { DeviceId = "GPU-1", Chip = "warp-drive" },
                new AgentDeviceOptions { DeviceId = "GPU-1", Model = DeviceModel.A100Sxm },
            ],
        };

        var problems = options.Problems();

        Assert.Contains(problems, p => p.StartsWith("Server", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("LabKeyFile", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ReportInterval", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BatchSize", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("listed twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("warp-drive", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("A100Sxm", StringComparison.Ordinal));
        Assert.Empty(Options().Problems());
    }

    [Fact]
    public async Task RunAsync_ChipFailsOnce_NextReportCoversTheMissedInterval()
    {
        var logger = new ListLogger();
        var runner = new AgentRunner(logger: logger, chipFactory: d => new FlakyChip(new SimulatedChip(d.DeviceId, 0, ChipPattern.Steady), failOnCall: 2));
        var options = Options();
        options.Devices.RemoveAt(1);
        using var cts = new CancellationTokenSource();

        var run = runner.RunAsync(options, [_gpu1], cts.Token);
        await Until(() => AcceptedFor("GPU-0001").Count >= 3, "three reports");
        await Stop(cts, run);

        AssertGaplessEvidence("GPU-0001");
        // The failed read used no sequence: the next report starts where the last one ended.
        Assert.Contains(logger.Lines, l => l.Contains("GPU-0001: no report this interval (chip unplugged)", StringComparison.Ordinal));
    }

    private sealed class FlakyChip(IChipReader inner, int failOnCall) : IChipReader
    {
        private int _calls;

        public ChipSample Read(DateTimeOffset from, DateTimeOffset to) =>
            ++_calls == failOnCall ? throw new InvalidOperationException("chip unplugged") : inner.Read(from, to);
    }
}
