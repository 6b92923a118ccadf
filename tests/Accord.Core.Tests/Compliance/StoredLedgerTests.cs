using System.Text.Json;
using Accord.Core.Compliance;

namespace Accord.Core.Tests.Compliance;

/// <summary>
/// A ledger stored by an earlier Accord (<c>Data/ledger-v1.json</c>, written by <see cref="StoredLedger.Written"/>
/// at commit bc2ebf4) still loads and does what it did then (<c>Data/ledger-v1.expected.json</c>): grain states
/// persisted before a change of the ledger's code must keep working after it.
/// </summary>
public sealed class StoredLedgerTests
{
    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "Compliance", "Data");

    private static ComplianceLedger Load() => ComplianceLedger.FromBytes(File.ReadAllBytes(Path.Combine(Data, "ledger-v1.json")));

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

    [Fact]
    public void FromBytes_StoredVersion1Ledger_EvaluatesAsWhenItWasWritten()
    {
        // Arrange
        var ledger = Load();

        // Act
        var evaluations = ledger.Evaluate(StoredLedger.SavedAt);

        // Assert
        Assert.Equal(Expected("atSave"), evaluations.Select(StoredLedger.Describe));
        Assert.Equal(2, ledger.OpenRuns);
    }

    [Fact]
    public void FromBytes_StoredVersion1Ledger_ContinuesWithTheSameViolationsEvaluationsAndRuns()
    {
        // Arrange
        var ledger = Load();

        // Act
        var continued = StoredLedger.Continue(ledger);

        // Assert
        Assert.Equal(Expected("continued"), continued.Select(StoredLedger.Describe));
        Assert.Equal(Expected("atEnd"), ledger.Evaluate(StoredLedger.EndsAt).Select(StoredLedger.Describe));
        Assert.Equal(Expected("dayAfter"), ledger.Evaluate(StoredLedger.EndsAt.AddDays(1)).Select(StoredLedger.Describe));
        foreach (var id in new[] { "cap", "notify", "cluster", "agg" })
        {
            Assert.Equal(Expected($"runs/{id}"), ledger.Runs(id).Select(StoredLedger.Describe));
        }
    }

    [Fact]
    public void Ingest_SameStreamAsTheStoredLedger_RaisesTheSameViolationsAndWritesTheSameBytes()
    {
        // Act
        var (ledger, written) = StoredLedger.Written();

        // Assert
        Assert.Equal(Expected("written"), written.Select(StoredLedger.Describe));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Data, "ledger-v1.json")), ledger.ToBytes());
    }
}
