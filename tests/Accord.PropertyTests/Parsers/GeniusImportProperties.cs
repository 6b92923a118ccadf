using System.Text.Json;
using System.Xml;
using Accord.Negotiation.Domains;
using Accord.PropertyTests.Infrastructure;
using Accord.Testing;
using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>
/// GENIUS XML domains and profiles (the shared PauseTreaty files, mutated): the importer fails only
/// with the exceptions the negotiation grain turns into a MALFORMED_DOMAIN refusal.
/// </summary>
public sealed class GeniusImportProperties(ITestOutputHelper output)
{
    private static readonly string Folder = SharedFolder.PathOf("domains", "genius", "PauseTreaty");
    private static readonly string Domain = File.ReadAllText(Path.Combine(Folder, "PauseTreaty-domain.xml"));
    private static readonly string Lab = File.ReadAllText(Path.Combine(Folder, "PauseTreaty-FrontierLab.xml"));
    private static readonly string State = File.ReadAllText(Path.Combine(Folder, "PauseTreaty-ConcernedState.xml"));

    [Fact]
    public void Parse_MutatedDomainOrProfile_ParsesOrFailsWithARefusableException()
    {
        GeniusImporter.Parse(Domain, [("FrontierLab", Lab), ("ConcernedState", State)]);
        var cases = Gen.Int[0, 2].SelectMany(which => which switch
        {
            0 => Mutate.Text(Domain).Select(d => (d, Lab, State)),
            1 => Mutate.Text(Lab).Select(l => (Domain, l, State)),
            _ => Mutate.Text(State).Select(s => (Domain, Lab, s)),
        });
        Property.Run(output, "GENIUS XML domains and profiles, mutated", cases, c =>
        {
            try
            {
                var domain = GeniusImporter.Parse(c.Item1, [("FrontierLab", c.Item2), ("ConcernedState", c.Item3)]);
                Assert.Equal(2, domain.Parties.Count);
            }
            catch (Exception e) when (e is FormatException or XmlException or ArgumentException or InvalidOperationException or JsonException)
            {
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"unexpected {e.GetType().FullName}: {e}");
            }
        }, CaseBudget.GeniusXml);
    }
}
