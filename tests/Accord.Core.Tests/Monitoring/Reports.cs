using Accord.Core.Commitments;
using Accord.Core.Monitoring;

namespace Accord.Core.Tests.Monitoring;

/// <summary>A device mid-epoch and a report that passes every check, to vary one field at a time.</summary>
internal static class Reports
{
    public const string DeviceId = "gpu-0001";
    public const ulong Epoch = 7;
    public const ulong LastSequence = 41;

    /// <summary>989.4e12 FLOP/s x 60 s x 0.5: exact in binary64 (an integer below 2^53 x 2^k with a 53-bit odd part).</summary>
    public const double HalfLoadFlop = 29_682_000_000_000_000;

    public static readonly DateTimeOffset LastEnd = new(2030, 1, 2, 3, 4, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Now = LastEnd.AddSeconds(60);
    public static readonly IngestPolicy Policy = IngestPolicy.Default;

    public static DeviceReportingState State { get; } =
        new(Epoch, LastSequence, LastEnd, 41, 1e18, 2460, []);

    /// <summary>Sequence 42, the minute after the last report, H100 at half load in BF16.</summary>
    public static ReportFacts Next { get; } = new(
        DeviceId,
        Epoch,
        LastSequence + 1,
        LastEnd,
        LastEnd.AddSeconds(60),
        "run-2030-01",
        60,
        0.5,
        480,
        HalfLoadFlop,
        Precision.Bf16,
        [new byte[32], Enumerable.Repeat((byte)0xab, 32).ToArray()],
        new byte[32]);

    public static IngestVerdict Check(ReportFacts report, DeviceReportingState? state = null, DeviceModel model = DeviceModel.H100Sxm, DateTimeOffset? now = null) =>
        ReportIngestRules.Check(state ?? State, DeviceId, model, report, now ?? Now, Policy);
}
