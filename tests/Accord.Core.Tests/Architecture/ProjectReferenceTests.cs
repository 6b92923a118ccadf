// The project graph drawn in docs/architecture.md against the ProjectReference items of every .csproj under
// src/ and tests/: the doc's "project-references" block is the list of allowed arrows, and its mermaid graph
// draws the same arrows. A reference the doc does not draw, or an arrow no project makes any more, fails here.
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Accord.Testing;

namespace Accord.Core.Tests.Architecture;

public sealed partial class ProjectReferenceTests
{
    private static readonly string Doc = Repository.PathOf("docs", "architecture.md");

    [Fact]
    public void ProjectReferences_EveryCsproj_AreDrawnInArchitectureDoc()
    {
        // Arrange
        var drawn = DrawnArrows();

        // Act
        var undrawn = ActualArrows().Except(drawn).Order(StringComparer.Ordinal).ToList();

        // Assert
        Assert.True(undrawn.Count == 0,
            $"docs/architecture.md does not draw these project references (add them to its project-references block and graph, or remove them): {string.Join("; ", undrawn)}");
    }

    [Fact]
    public void DrawnArrows_ArchitectureDoc_EachIsAProjectReference()
    {
        // Arrange
        var actual = ActualArrows();

        // Act
        var stale = DrawnArrows().Except(actual).Order(StringComparer.Ordinal).ToList();

        // Assert
        Assert.True(stale.Count == 0, $"docs/architecture.md draws arrows that no project makes any more: {string.Join("; ", stale)}");
    }

    [Fact]
    public void MermaidGraph_ArchitectureDoc_DrawsExactlyTheListedArrows()
    {
        // Arrange
        var listed = DrawnArrows();

        // Act
        var graphed = GraphedArrows();

        // Assert
        Assert.Equal(listed.Order(StringComparer.Ordinal), graphed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DrawnArrows_ArchitectureDoc_PointOneWay()
    {
        // Arrange
        var edges = DrawnArrows().Select(a => a.Split(" -> ")).ToLookup(p => p[0], p => p[1]);

        // Act
        var cycle = FindCycle(edges);

        // Assert
        Assert.True(cycle is null, $"the drawn project references form a cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    /// <summary>"Accord.X -> Accord.Y" for each ProjectReference of each .csproj under src/ and tests/.</summary>
    private static HashSet<string> ActualArrows()
    {
        var arrows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "src", "tests" })
        {
            foreach (var project in Directory.EnumerateFiles(Repository.PathOf(folder), "*.csproj", SearchOption.AllDirectories))
            {
                if (project.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                {
                    continue;
                }

                var from = Path.GetFileNameWithoutExtension(project);
                foreach (var reference in XDocument.Load(project).Descendants("ProjectReference"))
                {
                    var include = reference.Attribute("Include")?.Value ?? throw new InvalidOperationException($"{project}: a ProjectReference without Include");
                    arrows.Add($"{from} -> {Path.GetFileNameWithoutExtension(include.Replace('\\', '/'))}");
                }
            }
        }

        Assert.NotEmpty(arrows);
        return arrows;
    }

    /// <summary>The lines of the doc's fenced "project-references" block, each "Accord.X -> Accord.Y".</summary>
    private static HashSet<string> DrawnArrows()
    {
        var lines = Block("project-references");
        var arrows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines.Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            var match = ArrowLine().Match(line);
            Assert.True(match.Success, $"docs/architecture.md, project-references: '{line}' is not 'Accord.X -> Accord.Y'");
            Assert.True(arrows.Add($"{match.Groups[1].Value} -> {match.Groups[2].Value}"), $"docs/architecture.md, project-references: '{line}' is listed twice");
        }

        return arrows;
    }

    /// <summary>The arrows of the doc's mermaid graph: nodes declared as <c>id["Accord.X"]</c>, edges as <c>id --> id</c>.</summary>
    private static HashSet<string> GraphedArrows()
    {
        var lines = Block("mermaid");
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match node in lines.SelectMany(l => MermaidNode().Matches(l)))
        {
            names[node.Groups[1].Value] = node.Groups[2].Value;
        }

        var arrows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var edge in lines.Select(l => MermaidEdge().Match(l)).Where(m => m.Success))
        {
            var (from, to) = (edge.Groups[1].Value, edge.Groups[2].Value);
            Assert.True(names.ContainsKey(from) && names.ContainsKey(to), $"docs/architecture.md, mermaid: an edge {from} --> {to} between undeclared nodes");
            arrows.Add($"{names[from]} -> {names[to]}");
        }

        return arrows;
    }

    private static List<string> Block(string info)
    {
        var lines = File.ReadAllLines(Doc);
        var start = Array.FindIndex(lines, l => l.Trim() == "```" + info);
        Assert.True(start >= 0, $"docs/architecture.md has no ```{info} block");
        var end = Array.FindIndex(lines, start + 1, l => l.Trim() == "```");
        Assert.True(end > start, $"docs/architecture.md: the ```{info} block is not closed");
        return [.. lines[(start + 1)..end]];
    }

    private static List<string>? FindCycle(ILookup<string, string> edges)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string node)
        {
            var at = path.IndexOf(node);
            if (at >= 0)
            {
                return [.. path[at..], node];
            }

            if (!done.Add(node))
            {
                return null;
            }

            path.Add(node);
            foreach (var next in edges[node])
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }

        return edges.Select(g => g.Key).Select(Visit).FirstOrDefault(c => c is not null);
    }

    [GeneratedRegex(@"^(Accord(?:\.\w+)+)\s*->\s*(Accord(?:\.\w+)+)$")]
    private static partial Regex ArrowLine();

    [GeneratedRegex(@"\b(\w+)\[""(Accord(?:\.\w+)+)""\]")]
    private static partial Regex MermaidNode();

    [GeneratedRegex(@"^\s*(\w+)\s*-->\s*(\w+)\s*$")]
    private static partial Regex MermaidEdge();
}
