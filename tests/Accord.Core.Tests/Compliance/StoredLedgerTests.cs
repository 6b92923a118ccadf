using System.Text.Json;
using System.Text.Json.Nodes;
using Accord.Core.Compliance;

namespace Accord.Core.Tests.Compliance;

/// <summary>
/// A ledger stored by an earlier Accord (<c>Data/ledger-v1.json</c>, written by <see cref="StoredLedger.Written"/>
/// at commit bc2ebf4) still loads and does what it did then (<c>Data/ledger-v1.expected.json</c>): grain states
/// persisted before a change of the ledger's code must keep working after it. Since then a compute commitment
/// holds only on evidence the ledger counted (docs/compliance.md, "No holds without evidence"); the stored state
/// has no such count, so those commitments are not verifiable until the next verified report reaches them.
/// </summary>
public sealed class StoredLedgerTests
{
    /// <summary>The compute commitments of the stored ledger that held when it was written.</summary>
    private static readonly string[] HeldOnEvidence = ["cap-high", "agg", "cluster-wide", "pause-small", "notify", "notify-before", "band-high", "ended"];

    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "Compliance", "Data");

    private static byte[] Stored() => File.ReadAllBytes(Path.Combine(Data, "ledger-v1.json"));

    private static List<string> Expected(string name)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Data, "ledger-v1.expected.json")));
        var element = json.RootElement;
        foreach (var part in name.Split('/'))
        {
            element = element.GetProperty(part);
        }

        return [.. element.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static string Id(string described) => described[..described.IndexOf('|', StringComparison.Ordinal)];

    private static string State(string described) => described.Split('|')[2];

    [Fact]
    public void FromBytes_StoredVersion1Ledger_EvaluatesAsWhenWrittenSaveWhatNeedsCountedEvidence()
    {
        // Arrange
        var ledger = ComplianceLedger.FromBytes(Stored());
        var expected = Expected("atSave");

        // Act
        var evaluations = ledger.Evaluate(StoredLedger.SavedAt);

        // Assert: breaches, coverage, inspection and what does not bind yet are as they were; what held on
        // evidence waits for evidence the ledger counted, and says so.
        Assert.Equal(expected.Select(Id), evaluations.Select(e => e.CommitmentId));
        foreach (var (was, now) in expected.Zip(evaluations))
        {
            if (HeldOnEvidence.Contains(now.CommitmentId))
            {
                Assert.Equal("Holds", State(was));
                Assert.Equal(ComplianceState.NotVerifiable, now.State);
                Assert.Contains("restored from a state written before it counted them", now.Why, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(was, StoredLedger.Describe(now));
            }
        }

        Assert.Equal(2, ledger.OpenRuns);
    }

    [Fact]
    public void FromBytes_StoredVersion1Ledger_ContinuesWithTheSameViolationsEvaluationsAndRuns()
    {
        // Arrange
        var ledger = ComplianceLedger.FromBytes(Stored());

        // Act
        var continued = StoredLedger.Continue(ledger);

        // Assert: the same violations and runs; after the reports of the second half every commitment that held
        // holds again, except "ended", whose span closed before them (nothing it counted is known).
        Assert.Equal(Expected("continued"), continued.Select(StoredLedger.Describe));
        foreach (var id in new[] { "cap", "notify", "cluster", "agg" })
        {
            Assert.Equal(Expected($"runs/{id}"), ledger.Runs(id).Select(StoredLedger.Describe));
        }

        var atEnd = ledger.Evaluate(StoredLedger.EndsAt);
        Assert.Equal(Expected("atEnd").Where(e => Id(e) != "ended"), atEnd.Where(e => e.CommitmentId != "ended").Select(StoredLedger.Describe));
        Assert.Equal(ComplianceState.NotVerifiable, atEnd.Single(e => e.CommitmentId == "ended").State);
    }

    [Fact]
    public void FromBytes_StoredVersion1Ledger_AllowsTheDefaultSilenceThenTheEvidenceStops()
    {
        // Arrange: the stored state has no silence allowance; it loads with 15 minutes.
        var ledger = ComplianceLedger.FromBytes(Stored());
        StoredLedger.Continue(ledger);
        var lastEnd = StoredLedger.EndsAt.AddMinutes(-1); // gpu-5's idle report of the last step

        // Act
        var within = ledger.Evaluate(lastEnd.AddMinutes(15));
        var after = ledger.Evaluate(lastEnd.AddMinutes(15).AddTicks(1));
        var dayAfter = ledger.Evaluate(StoredLedger.EndsAt.AddDays(1));

        // Assert
        Assert.Equal(ComplianceState.Holds, within.Single(e => e.CommitmentId == "cap-high").State);
        var silent = after.Single(e => e.CommitmentId == "cap-high");
        Assert.Equal(ComplianceState.NotVerifiable, silent.State);
        Assert.Contains("the last ended at", silent.Why, StringComparison.Ordinal);
        foreach (var (was, now) in Expected("dayAfter").Zip(dayAfter))
        {
            if (State(was) is "Breached" || now.CommitmentId is "inspect" or "later" or "cov-half" or "cluster-hidden")
            {
                Assert.Equal(was, StoredLedger.Describe(now));
            }
            else
            {
                Assert.Equal(ComplianceState.NotVerifiable, now.State);
            }
        }
    }

    [Fact]
    public void Ingest_SameStreamAsTheStoredLedger_SameViolationsAndEvaluationsAndTheStateOnlyGrew()
    {
        // Act
        var (ledger, written) = StoredLedger.Written();
        var atSave = ledger.Evaluate(StoredLedger.SavedAt);
        var json = JsonNode.Parse(ledger.ToBytes())!.AsObject();

        // Assert: what the earlier Accord raised and evaluated (with the evidence counted this time), and the
        // bytes it wrote less the fields added since: the silence allowance and the evidence counts.
        Assert.Equal(Expected("written"), written.Select(StoredLedger.Describe));
        Assert.Equal(Expected("atSave"), atSave.Select(StoredLedger.Describe));
        Assert.Equal(TimeSpan.FromMinutes(15), TimeSpan.Parse(json["Silence"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        json.Remove("Silence");
        foreach (var commitment in json["Commitments"]!.AsArray())
        {
            commitment!.AsObject().Remove("EvidenceReports");
            commitment.AsObject().Remove("LastEvidenceEnd");
        }

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Stored()), json));
    }
}
