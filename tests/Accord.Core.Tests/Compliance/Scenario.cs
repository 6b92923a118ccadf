using System.Security.Cryptography;
using System.Text;
using Accord.Core.Commitments;
using Accord.Core.Compliance;
using Accord.Core.Monitoring;

namespace Accord.Core.Tests.Compliance;

/// <summary>Builds reports, commitments and ledgers for the compliance tests.</summary>
internal static class Scenario
{
    public const string Party = "lab-a";

    public static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly ComputeMeasure Bf16 = new(CountingBasis.EstimatedFromUtilization, Precision.Bf16);

    private static long nextIndex;

    public static byte[] Hash(string deviceId) => SHA256.HashData(Encoding.UTF8.GetBytes(deviceId));

    public static EvidenceRef Evidence()
    {
        var index = Interlocked.Increment(ref nextIndex);
        var leaf = new byte[32];
        BitConverter.GetBytes(index).CopyTo(leaf, 0);
        return new EvidenceRef(index, leaf);
    }

    /// <summary>A one-minute H100 report (BF16) starting <paramref name="minute"/> minutes after T0.</summary>
    public static VerifiedReport Report(
        string device,
        string workload,
        double minute,
        double flop,
        IEnumerable<string>? peers = null,
        DeviceModel model = DeviceModel.H100Sxm,
        Precision precision = Precision.Bf16,
        double lengthMinutes = 1) =>
        new(
            Party,
            device,
            model,
            workload,
            T0.AddMinutes(minute),
            T0.AddMinutes(minute + lengthMinutes),
            60 * lengthMinutes,
            0.5,
            flop,
            precision,
            (peers ?? []).Where(p => p != device).Select(Hash).ToList(),
            Evidence());

    public static ActiveCommitment Commitment(string id, CommitmentTerms terms, DateTimeOffset? from = null, DateTimeOffset? until = null) =>
        new(id, terms, from ?? T0, until);

    public static ComplianceLedger Ledger(params ActiveCommitment[] commitments) => Ledger(null, commitments);

    public static ComplianceLedger Ledger(IReadOnlyCollection<string>? declared, params ActiveCommitment[] commitments)
    {
        var ledger = new ComplianceLedger(Party);
        ledger.SetCommitments(commitments);
        ledger.SetDeclaredDevices(declared ?? []);
        return ledger;
    }

    public static IReadOnlyDictionary<string, DateTimeOffset?> NoLastEnds { get; } = new Dictionary<string, DateTimeOffset?>();

    public static CommitmentEvaluation Evaluation(this ComplianceLedger ledger, string id, DateTimeOffset? now = null) =>
        ledger.Evaluate(now ?? T0.AddDays(1)).Single(e => e.CommitmentId == id);
}
