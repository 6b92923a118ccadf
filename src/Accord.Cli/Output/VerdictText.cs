using System.Globalization;
using Accord.Core.Commitments;
using Accord.Core.Registry;
using Accord.Protos.Mapping;
using Accord.Protos.V1;

namespace Accord.Cli.Output;

/// <summary>A verdict's conclusions in words: per commitment, the finding, its figures, the runs as joined and the evidence counted.</summary>
public static class VerdictText
{
    /// <summary>The lines printed for <paramref name="verdict"/>; the bundle, when given, names each commitment's promise.</summary>
    public static IEnumerable<string> Lines(Verdict verdict, EvidenceBundle? bundle = null)
    {
        var promises = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in bundle?.Commitments ?? [])
        {
            var payload = Envelope.Parser.ParseFrom(item.Envelope).Payload;
            var terms = CommitmentMapping.ToDomain(CommitmentStatement.Parser.ParseFrom(payload).Terms);
            if (terms.Ok)
            {
                promises[Identifiers.CommitmentIdFor(payload.Span)] = CommitmentText.Describe(terms.Value!);
            }
        }

        var window = $"{verdict.WindowStart.ToDateTimeOffset():u} to {verdict.WindowEnd.ToDateTimeOffset():u}";
        yield return $"Verdict on party '{verdict.PartyId}'{(verdict.Header is { PartyId.Length: > 0 } h ? $" by inspector '{h.PartyId}'" : "")}, evidence from {window}:";
        foreach (var f in verdict.Findings)
        {
            var state = f.State switch
            {
                FindingState.Holds => "HOLDS",
                FindingState.Breached => "BREACHED",
                _ => "NOT VERIFIABLE",
            };
            var promise = promises.TryGetValue(f.CommitmentId, out var words) ? $" ({words})" : string.Empty;
            yield return $"  {state}: commitment {f.CommitmentId}{promise}";
            if (f.Unit.Length > 0)
            {
                yield return $"    measured {F(f.Measured)} {f.Unit}, limit {F(f.Limit)} {f.Unit}";
            }

            yield return $"    {f.Why}";
            foreach (var run in f.Runs)
            {
                var joined = run.WorkloadIds.Count > 1 ? $" = {string.Join(" + ", run.WorkloadIds)} (joined)" : string.Empty;
                yield return $"    run '{run.RunId}'{joined}: {F(run.Flop)} FLOP counted";
            }

            var until = f.ActiveUntil is { } u ? u.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) : "open";
            yield return $"    evidence: {f.ReportLogIndexes.Count} report(s), {f.NoticeLogIndexes.Count} notice(s), {f.DeclaredDeviceIds.Count} declared device(s); binding {f.ActiveFrom.ToDateTimeOffset():u} to {until}";
        }
    }

    private static string F(double value) => value.ToString("0.###e0", CultureInfo.InvariantCulture);
}
