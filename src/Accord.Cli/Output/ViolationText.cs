using Accord.Protos.V1;

namespace Accord.Cli.Output;

/// <summary>A violation in one line, as `inspect watch` and `inspect violations` print it.</summary>
public static class ViolationText
{
    public static string Line(ViolationRecord v) => Printable.Text(
        $"{v.DetectedAt.ToDateTimeOffset():u} {v.PartyId} breached {Tables.Short(v.CommitmentId)}: {v.Rule} ({v.Subject}): " +
        $"{v.Measured:0.###e0} > {v.Limit:0.###e0} {v.Unit}; evidence at log indexes {string.Join(",", v.Evidence.Select(r => r.LogIndex))}");
}
