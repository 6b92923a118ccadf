using System.Security.Cryptography;
using Accord.Agent.Spool;
using Accord.Core.Keys;
using Accord.Testing;

namespace Accord.Agent.Tests.Spool;

public sealed class ReportSpoolTests : IDisposable
{
    private static readonly DateTimeOffset NotBefore = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("accord-agent-");

    private string SpoolPath => _dir.File("spool.db");

    public void Dispose() => _dir.Dispose();

    internal static SpooledKey NewKey(ulong epoch, DateTimeOffset notBefore, bool submitted = false)
    {
        var seed = RandomNumberGenerator.GetBytes(PartyKeyPair.SeedSize);
        using var pair = PartyKeyPair.FromSeed(seed);
        return new SpooledKey(epoch, seed, pair.KeyId, notBefore, notBefore.AddHours(24), [1, 2, 3], submitted);
    }

    internal static void GiveKey(ReportSpool spool, string deviceId, ulong epoch, DateTimeOffset? notBefore = null)
    {
        spool.StoreNewKey(deviceId, NewKey(epoch, notBefore ?? NotBefore));
        Assert.True(spool.MarkKeySubmitted(deviceId, epoch));
    }

    private static SpooledReport AppendOne(ReportSpool spool, string deviceId, double seconds = 10) =>
        spool.Append(deviceId, slot => new ReportDraft(Payload(slot.DeviceId, slot.Sequence), slot.IntervalStart.AddSeconds(seconds)));

    private static byte[] Payload(string deviceId, ulong sequence) => System.Text.Encoding.UTF8.GetBytes($"{deviceId}#{sequence}");

    [Fact]
    public void Append_AssignsSequencesFromOneWithoutGaps_AndChainsIntervals()
    {
        using var spool = ReportSpool.Open(SpoolPath);
        GiveKey(spool, "GPU-0001", 100);
        GiveKey(spool, "GPU-0002", 200);

        var reports = new List<SpooledReport>();
        for (var i = 0; i < 5; i++)
        {
            reports.Add(AppendOne(spool, "GPU-0001"));
            reports.Add(AppendOne(spool, "GPU-0002", 5));
        }

        Assert.Equal([1UL, 2, 3, 4, 5], reports.Where(r => r.DeviceId == "GPU-0001").Select(r => r.Sequence));
        Assert.Equal([1UL, 2, 3, 4, 5], reports.Where(r => r.DeviceId == "GPU-0002").Select(r => r.Sequence));
        Assert.Equal(reports.Select(r => r.Id).Order(), reports.Select(r => r.Id));
        var device = spool.GetDevice("GPU-0001")!;
        Assert.Equal(5UL, device.LastSequence);
        Assert.Equal(NotBefore.AddSeconds(50), device.LastIntervalEnd);
    }

    [Fact]
    public void Append_FirstReport_StartsAtTheKeysNotBefore_ThenAtThePreviousEnd()
    {
        using var spool = ReportSpool.Open(SpoolPath);
        GiveKey(spool, "GPU-0001", 100);
        var starts = new List<DateTimeOffset>();

        for (var i = 0; i < 3; i++)
        {
            spool.Append("GPU-0001", slot =>
            {
                starts.Add(slot.IntervalStart);
                return new ReportDraft([1], slot.IntervalStart.AddSeconds(7.5));
            });
        }

        Assert.Equal([NotBefore, NotBefore.AddSeconds(7.5), NotBefore.AddSeconds(15)], starts);
    }

    [Fact]
    public void Append_AfterReopen_ContinuesTheSequence()
    {
        using (var spool = ReportSpool.Open(SpoolPath))
        {
            GiveKey(spool, "GPU-0001", 100);
            AppendOne(spool, "GPU-0001");
            AppendOne(spool, "GPU-0001");
        }

        using (var spool = ReportSpool.Open(SpoolPath))
        {
            var third = AppendOne(spool, "GPU-0001");

            Assert.Equal(3UL, third.Sequence);
            Assert.Equal([1UL, 2, 3], spool.Reports("GPU-0001").Select(r => r.Sequence));
            Assert.Equal(Payload("GPU-0001", 1), spool.Reports("GPU-0001")[0].Envelope);
        }
    }

    [Fact]
    public void Append_BuilderThrows_ConsumesNoSequence()
    {
        using var spool = ReportSpool.Open(SpoolPath);
        GiveKey(spool, "GPU-0001", 100);
        AppendOne(spool, "GPU-0001");

        Assert.Throws<InvalidDataException>(() => spool.Append("GPU-0001", _ => throw new InvalidDataException("chip fell off")));
        var next = AppendOne(spool, "GPU-0001");

        Assert.Equal(2UL, next.Sequence);
        Assert.Equal(2, spool.Reports().Count);
    }

    [Fact]
    public void Append_CrashMidTransaction_LosesNothingCommittedAndSkipsNoSequence()
    {
        var spool = ReportSpool.Open(SpoolPath);
        GiveKey(spool, "GPU-0001", 100);
        for (var i = 0; i < 3; i++)
        {
            AppendOne(spool, "GPU-0001");
        }

        // The process "dies" while the fourth report is being written: the connection goes away mid-transaction.
        Assert.ThrowsAny<Exception>(() => spool.Append("GPU-0001", slot =>
        {
            spool.Dispose();
            return new ReportDraft([9], slot.IntervalStart.AddSeconds(1));
        }));

        using var reopened = ReportSpool.Open(SpoolPath);
        Assert.Equal([1UL, 2, 3], reopened.Reports("GPU-0001").Select(r => r.Sequence));
        Assert.Equal(3UL, reopened.GetDevice("GPU-0001")!.LastSequence);
        Assert.Equal(4UL, AppendOne(reopened, "GPU-0001").Sequence);
    }

    [Fact]
    public void Append_WithoutSubmittedKey_Throws()
    {
        using var spool = ReportSpool.Open(SpoolPath);
        Assert.Throws<InvalidOperationException>(() => AppendOne(spool, "GPU-0001"));

        spool.StoreNewKey("GPU-0001", NewKey(100, NotBefore));
        Assert.Throws<InvalidOperationException>(() => AppendOne(spool, "GPU-0001"));
    }

    [Fact]
    public void Append_EndingAfterTheKeyExpires_Throws()
    {
        using var spool = ReportSpool.Open(SpoolPath);
        GiveKey(spool, "GPU-0001", 100);

        Assert.Throws<InvalidOperationException>(() => AppendOne(spool, "GPU-0001", TimeSpan.FromHours(25).TotalSeconds));
        Assert.Throws<InvalidOperationException>(() => AppendOne(spool, "GPU-0001", 0));
    }

    [Fact]
    public void StoreNewKey_RestartsTheSequenceAndRefusesAnOlderEpoch()
    {
        using var spool = ReportSpool.Open(SpoolPath);
        GiveKey(spool, "GPU-0001", 100);
        AppendOne(spool, "GPU-0001");
        AppendOne(spool, "GPU-0001");

        GiveKey(spool, "GPU-0001", 101, NotBefore.AddHours(1));
        var first = AppendOne(spool, "GPU-0001");

        Assert.Equal((101UL, 1UL), (first.BootEpoch, first.Sequence));
        Assert.Equal(NotBefore.AddHours(1).AddSeconds(10), first.IntervalEnd);
        Assert.Throws<InvalidOperationException>(() => spool.StoreNewKey("GPU-0001", NewKey(101, NotBefore)));
        Assert.Throws<InvalidOperationException>(() => spool.StoreNewKey("GPU-0001", NewKey(50, NotBefore)));
    }

    [Fact]
    public void Key_PersistsAcrossReopen()
    {
        var key = NewKey(100, NotBefore);
        using (var spool = ReportSpool.Open(SpoolPath))
        {
            spool.StoreNewKey("GPU-0001", key);
        }

        using (var spool = ReportSpool.Open(SpoolPath))
        {
            var stored = spool.GetDevice("GPU-0001")!.Key!;
            Assert.Equal(key.Seed, stored.Seed);
            Assert.Equal((key.BootEpoch, key.KeyId, key.NotBefore, key.NotAfter, false), (stored.BootEpoch, stored.KeyId, stored.NotBefore, stored.NotAfter, stored.Submitted));
            Assert.DoesNotContain(Convert.ToBase64String(key.Seed), stored.ToString(), StringComparison.Ordinal);
            Assert.True(spool.MarkKeySubmitted("GPU-0001", 100));
            Assert.False(spool.MarkKeySubmitted("GPU-0001", 99));
        }
    }

    [Fact]
    public void Resolve_MovesPendingToAckedOrRejected_Once()
    {
        using var spool = ReportSpool.Open(SpoolPath);
        GiveKey(spool, "GPU-0001", 100);
        var reports = Enumerable.Range(0, 4).Select(_ => AppendOne(spool, "GPU-0001")).ToList();

        var first = spool.Resolve(
            [new ReportResolution(reports[0].Id, ReportState.Acked), new ReportResolution(reports[1].Id, ReportState.Rejected, "MALFORMED")],
            [("GPU-0001", new byte[] { 7, 7 })]);
        var again = spool.Resolve([new ReportResolution(reports[0].Id, ReportState.Rejected, "LATE"), new ReportResolution(reports[1].Id, ReportState.Acked)], []);

        Assert.Equal((1, 1), first);
        Assert.Equal((0, 0), again);
        Assert.Equal([ReportState.Acked, ReportState.Rejected, ReportState.Pending, ReportState.Pending], spool.Reports().Select(r => r.State));
        Assert.Equal("MALFORMED", spool.Reports()[1].Reason);
        Assert.Equal([reports[2].Id, reports[3].Id], spool.PendingBatch(10).Select(r => r.Id));
        Assert.Equal([reports[2].Id], spool.PendingBatch(1).Select(r => r.Id));
        Assert.Equal(new SpoolCounts(2, 1, 1), spool.Counts());
        Assert.Equal(new byte[] { 7, 7 }, spool.GetDevice("GPU-0001")!.LatestChallenge);
    }

    [Fact]
    public void Resolve_RekeyRejection_FlagsOnlyTheCurrentEpoch()
    {
        using var spool = ReportSpool.Open(SpoolPath);
        GiveKey(spool, "GPU-0001", 100);
        var old = AppendOne(spool, "GPU-0001");
        GiveKey(spool, "GPU-0001", 101, NotBefore.AddHours(1));
        var current = AppendOne(spool, "GPU-0001");

        spool.Resolve([new ReportResolution(old.Id, ReportState.Rejected, "WRONG_EPOCH", RequestRekey: true)], []);
        Assert.False(spool.GetDevice("GPU-0001")!.RekeyRequested);

        spool.Resolve([new ReportResolution(current.Id, ReportState.Rejected, "NO_REPORTING_KEY", RequestRekey: true)], []);
        Assert.True(spool.GetDevice("GPU-0001")!.RekeyRequested);

        GiveKey(spool, "GPU-0001", 102, NotBefore.AddHours(2));
        Assert.False(spool.GetDevice("GPU-0001")!.RekeyRequested);
    }

    [Fact]
    public void PruneAcked_RemovesOnlyOldAckedReports()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(NotBefore);
        using var spool = ReportSpool.Open(SpoolPath, time);
        GiveKey(spool, "GPU-0001", 100);
        var acked = AppendOne(spool, "GPU-0001");
        var rejected = AppendOne(spool, "GPU-0001");
        AppendOne(spool, "GPU-0001");
        spool.Resolve([new ReportResolution(acked.Id, ReportState.Acked), new ReportResolution(rejected.Id, ReportState.Rejected, "X")], []);
        time.Advance(TimeSpan.FromDays(8));
        var fresh = AppendOne(spool, "GPU-0001");
        spool.Resolve([new ReportResolution(fresh.Id, ReportState.Acked)], []);

        Assert.Equal(1, spool.PruneAcked(time.GetUtcNow().AddDays(-7)));
        Assert.Equal([2UL, 3, 4], spool.Reports().Select(r => r.Sequence));
        Assert.Equal(5UL, AppendOne(spool, "GPU-0001").Sequence);
    }

    [Fact]
    public void Open_CreatesAnOwnerOnlyWalDatabase()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var spool = ReportSpool.Open(SpoolPath);
        GiveKey(spool, "GPU-0001", 100);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SpoolPath));
        Assert.True(File.Exists(SpoolPath + "-wal"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SpoolPath + "-wal"));
    }
}
