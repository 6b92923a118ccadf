using System.Security.Cryptography;
using Accord.Agent.Chips;
using Accord.Agent.Reports;
using Accord.Agent.Spool;
using Accord.Agent.Tests.Infrastructure;
using Accord.Agent.Upload;
using Accord.Core.Keys;
using Accord.Protos.V1;
using Accord.Testing;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Accord.Agent.Tests.Upload;

public sealed class ReportUploaderTests : IAsyncLifetime
{
    private static readonly string[] DeviceIds = ["GPU-0001", "GPU-0002"];
    private readonly TempDirectory _dir = new("accord-agent-");
    private readonly PartyKeyPair _lab = PartyKeyPair.Generate();
    private readonly Dictionary<string, PartyKeyPair> _reportingKeys = [];
    private readonly DateTimeOffset _notBefore = DateTimeOffset.UtcNow.AddMinutes(-30);
    private ServerLedger _ledger = null!;
    private LoopbackServer _server = null!;
    private ReportSpool _spool = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _ledger = new ServerLedger("lab-a", _lab.PublicKey);
        _spool = ReportSpool.Open(_dir.File("spool.db"));
        foreach (var deviceId in DeviceIds)
        {
            var seed = RandomNumberGenerator.GetBytes(PartyKeyPair.SeedSize);
            var key = PartyKeyPair.FromSeed(seed);
            _reportingKeys[deviceId] = key;
            _spool.StoreNewKey(deviceId, new SpooledKey(1_780_000_000, seed, key.KeyId, _notBefore, _notBefore.AddHours(24), [], false));
            _spool.MarkKeySubmitted(deviceId, 1_780_000_000);
            _ledger.AddDevice(deviceId, []);
            var challenge = _ledger.InstallKey(deviceId, 1_780_000_000, key.PublicKey, _notBefore, _notBefore.AddHours(24));
            _spool.SetLatestChallenge(deviceId, challenge);
        }

        _server = await LoopbackServer.StartAsync(_ledger);
        _channel = GrpcChannel.ForAddress(_server.Address);
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
        _spool.Dispose();
        foreach (var key in _reportingKeys.Values)
        {
            key.Dispose();
        }

        _lab.Dispose();
        _dir.Dispose();
    }

    private void Produce(int perDevice)
    {
        for (var i = 0; i < perDevice; i++)
        {
            foreach (var deviceId in DeviceIds)
            {
                _spool.Append(deviceId, slot =>
                {
                    var end = slot.IntervalStart.AddSeconds(1);
                    var report = MonitoringReports.Build(slot, end, new ChipSample(1, 0.5, 400, "run-1", []), DeviceModel.H100Sxm);
                    return new ReportDraft(MonitoringReports.Sign(report, _reportingKeys[deviceId]).ToByteArray(), end);
                });
            }
        }
    }

    private ReportUploader Uploader(int batchSize, ListLogger? logger = null) => new(
        _spool,
        new MonitoringService.MonitoringServiceClient(_channel),
        "lab-a",
        _lab,
        new UploaderSettings(batchSize, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5)),
        logger: logger);

    private async Task UntilDrained(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (_spool.PendingCount() > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{_spool.PendingCount()} reports still pending after {limit}.");
            await Task.Delay(20);
        }
    }

    private void AssertExactlyOnce(IReadOnlySet<string>? rejectedDigests = null)
    {
        var spooled = _spool.Reports();
        var acked = spooled.Where(r => r.State == ReportState.Acked).Select(r => ServerLedger.DigestOf(Envelope.Parser.ParseFrom(r.Envelope))).ToList();
        var accepted = _ledger.Accepted.Select(a => a.Digest).ToList();

        // Every acked report is stored on the server exactly once, and the server stored nothing else.
        Assert.Equal(acked.Order(), accepted.Order());
        Assert.Equal(accepted.Count, accepted.Distinct().Count());

        // Nothing was sent again after its ack reached the agent; a report came again only after a batch holding it was cut off.
        Assert.Empty(_ledger.Violations);
        var dropped = _ledger.Dropped;
        foreach (var group in _ledger.Received.GroupBy(r => r.Digest))
        {
            Assert.Equal(1 + group.Count(r => dropped.Contains((r.Stream, r.BatchId))), group.Count());
        }

        // Batch ids increase over the uploader's life.
        var batchIds = _ledger.Received.Select(r => r.BatchId).Distinct().ToList();
        Assert.Equal(batchIds.Order(), batchIds);
    }

    [Fact]
    public async Task RunAsync_ServerAcksDropsAndRejects_EveryReportResolvedExactlyOnce()
    {
        Produce(30);
        _ledger.Fate = n => n switch
        {
            2 or 6 => BatchFate.DropBeforeStore,
            4 => BatchFate.DropAfterStore,
            _ => BatchFate.Ack,
        };
        _ledger.Reject = report => report.Sequence % 9 == 0 ? "ABOVE_PHYSICAL_LIMIT" : null;
        var logger = new ListLogger();
        var uploader = Uploader(batchSize: 7, logger);
        var resolved = 0;
        uploader.Resolved += (a, r) => Interlocked.Add(ref resolved, a + r);
        using var cts = new CancellationTokenSource();

        var run = uploader.RunAsync(cts.Token);
        Produce(10);
        uploader.Notify();
        await UntilDrained(TimeSpan.FromSeconds(15));
        await cts.CancelAsync();
        await run;

        var spooled = _spool.Reports();
        Assert.Equal(80, spooled.Count);
        Assert.All(spooled, r => Assert.Equal(r.Sequence % 9 == 0 ? ReportState.Rejected : ReportState.Acked, r.State));
        Assert.All(spooled.Where(r => r.State == ReportState.Rejected), r => Assert.Equal("ABOVE_PHYSICAL_LIMIT", r.Reason));
        Assert.Equal(80, resolved);
        Assert.Equal(4, uploader.StreamsOpened);
        AssertExactlyOnce();
        Assert.Contains(logger.Lines, l => l.Contains("GPU-0001 epoch 1780000000 sequence 9 rejected: ABOVE_PHYSICAL_LIMIT", StringComparison.Ordinal));
        foreach (var deviceId in DeviceIds)
        {
            var device = _ledger.Device(deviceId);
            Assert.Equal(40UL, device.LastSequence);
            Assert.Equal([(1_780_000_000UL, 9UL, 9UL), (1_780_000_000UL, 18UL, 18UL), (1_780_000_000UL, 27UL, 27UL), (1_780_000_000UL, 36UL, 36UL)], device.Gaps);
        }
    }

    [Fact]
    public async Task RunAsync_ServerKilledAndRestarted_ResendsOnlyWhatWasNotAcked()
    {
        Produce(20);
        var uploader = Uploader(batchSize: 5);
        using var cts = new CancellationTokenSource();
        // The first three batches are acked; the fourth is stored, then the server dies before answering
        // (and takes nothing more until it is back).
        var killed = new TaskCompletionSource();
        var restarted = false;
        _ledger.Fate = n =>
        {
            if (n == 4)
            {
                killed.TrySetResult();
                return BatchFate.DropAfterStore;
            }

            return n < 4 || Volatile.Read(ref restarted) ? BatchFate.Ack : BatchFate.DropBeforeStore;
        };

        var run = uploader.RunAsync(cts.Token);
        await killed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await _server.KillAsync();
        Produce(5);
        uploader.Notify();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (uploader.Connected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.False(uploader.Connected);
        Assert.Equal(35, _spool.PendingCount());

        Volatile.Write(ref restarted, true);
        await _server.StartAgainAsync();
        await UntilDrained(TimeSpan.FromSeconds(15));
        await cts.CancelAsync();
        await run;

        Assert.All(_spool.Reports(), r => Assert.Equal(ReportState.Acked, r.State));
        Assert.Equal(50, _ledger.Accepted.Count);
        AssertExactlyOnce();
        // The stored-but-unanswered batch came back once and was answered DUPLICATE.
        Assert.Equal(5, _ledger.Received.GroupBy(r => r.Digest).Count(g => g.Count() == 2));
    }

    [Fact]
    public async Task RunAsync_AckCarriesChallenges_LatestIsKeptPerDevice()
    {
        Produce(2);
        var uploader = Uploader(batchSize: 10);
        using var cts = new CancellationTokenSource();

        var run = uploader.RunAsync(cts.Token);
        await UntilDrained(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();
        await run;

        foreach (var deviceId in DeviceIds)
        {
            var challenge = _spool.GetDevice(deviceId)!.LatestChallenge;
            Assert.Equal(32, challenge.Length);
            Assert.True(_ledger.WasIssued(ByteString.CopyFrom(challenge)));
        }
    }
}
