using System.Globalization;
using Accord.Negotiation.Analysis;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;
using ScottPlot;

namespace Accord.Negotiation.Reporting;

/// <summary>
/// The utility space of two parties (x the first party's utility, y the second's), written by <see cref="ChartFile"/>
/// as SVG or PNG: a title naming the domain, the parties and the outcome; every outcome (grey dots; at most
/// <see cref="MaxOutcomes"/>), the Pareto frontier (blue line and dots), each party's reservation value (dashed),
/// a session's offers (one colour per party, the mediator's texts in black; the title's second line says whether and in which round they agreed), the Nash (red square) and Kalai
/// (green diamond) points and the agreement (ringed); the legend, outside the data, names each.
/// </summary>
public static class UtilitySpaceChart
{
    /// <summary>The most outcomes drawn as dots.</summary>
    public const long MaxOutcomes = 20_000;

    /// <summary>The chart's size: room for the square utility space and the legend beside it.</summary>
    public static PixelSize Size { get; } = new(900, 560);

    /// <summary>The frontier's colour.</summary>
    public static Color FrontierColour { get; } = Color.FromHex("#1f5fbf");

    /// <summary>The Nash point's colour.</summary>
    public static Color NashColour { get; } = Color.FromHex("#d32f2f");

    /// <summary>The Kalai point's colour.</summary>
    public static Color KalaiColour { get; } = Color.FromHex("#2e7d32");

    /// <summary>The offers' colours, by party index.</summary>
    public static IReadOnlyList<Color> OfferColours { get; } = [Color.FromHex("#e07b00"), Color.FromHex("#7b3fb5"), Color.FromHex("#00897b"), Color.FromHex("#c2185b"), Color.FromHex("#5d4037")];

    /// <summary>The chart of <paramref name="domain"/>'s utility space for parties <paramref name="xParty"/> and <paramref name="yParty"/>, with <paramref name="result"/>'s offers when given.</summary>
    public static Plot Build(NegotiationDomain domain, OutcomeSpaceAnalysis analysis, NegotiationResult? result = null, int xParty = 0, int yParty = 1)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(analysis);
        var ux = domain.UtilityOf(xParty);
        var uy = domain.UtilityOf(yParty);
        var outcome = result is null ? string.Empty : result.Deal is null ? "\nno agreement" : $"\nagreement in round {result.Rounds}";
        var plot = ChartStyle.New($"{domain.Name}: utility space of {ux.Name} and {uy.Name}{outcome}", $"utility of {ux.Name}", $"utility of {uy.Name}");
        if (domain.OutcomeCount <= MaxOutcomes)
        {
            var all = domain.AllOutcomes().ToArray();
            var dots = plot.Add.ScatterPoints(all.Select(ux.Utility).ToArray(), all.Select(uy.Utility).ToArray(), Color.FromHex("#bbbbbb"));
            dots.MarkerSize = 4;
            dots.LegendText = "outcomes";
        }

        Reservation(plot.Add.VerticalLine(ux.Reservation), $"reservation of {ux.Name}");
        Reservation(plot.Add.HorizontalLine(uy.Reservation), $"reservation of {uy.Name}");
        var frontier = analysis.Frontier.OrderBy(p => p.Utilities[xParty]).ThenByDescending(p => p.Utilities[yParty]).ToArray();
        if (frontier.Length > 0)
        {
            var line = plot.Add.Scatter(frontier.Select(p => p.Utilities[xParty]).ToArray(), frontier.Select(p => p.Utilities[yParty]).ToArray(), FrontierColour);
            line.LineWidth = 1.5f;
            line.MarkerSize = 6;
            line.LegendText = "Pareto frontier";
        }

        if (result is not null)
        {
            foreach (var group in result.Trace.Where(e => e.Offer is not null && e.Kind == ActionKind.Offer).GroupBy(e => e.Party))
            {
                var mediator = group.Key < 0;
                var offers = plot.Add.Scatter(
                    group.Select(e => ux.Utility(e.Offer!)).ToArray(),
                    group.Select(e => uy.Utility(e.Offer!)).ToArray(),
                    (mediator ? Colors.Black : OfferColours[group.Key % OfferColours.Count]).WithAlpha(0.75));
                offers.LineWidth = 1;
                offers.MarkerSize = 4;
                offers.LegendText = mediator ? "texts of the mediator" : $"offers of {result.Parties[group.Key]} ({result.Agents[group.Key]})";
            }
        }

        Point(plot, analysis.Nash, xParty, yParty, NashColour, MarkerShape.FilledSquare, "Nash point");
        Point(plot, analysis.Kalai, xParty, yParty, KalaiColour, MarkerShape.FilledDiamond, "Kalai point");
        if (result?.Deal is { } deal)
        {
            var ring = plot.Add.Marker(ux.Utility(deal), uy.Utility(deal), MarkerShape.OpenCircle, 18, Colors.Black);
            ring.MarkerLineWidth = 2;
            ring.LegendText = string.Create(CultureInfo.InvariantCulture, $"agreement ({ux.Utility(deal):0.###}, {uy.Utility(deal):0.###})");
        }

        var top = Math.Max(1.0, Math.Max(ux.Max, uy.Max));
        plot.Axes.SetLimits(-0.03 * top, 1.03 * top, -0.03 * top, 1.03 * top);
        return plot;
    }

    private static void Reservation(ScottPlot.Plottables.AxisLine line, string label)
    {
        line.Color = Colors.Gray;
        line.LinePattern = LinePattern.Dashed;
        line.LineWidth = 1;
        line.LegendText = label;
    }

    private static void Point(Plot plot, OutcomePoint? p, int xParty, int yParty, Color colour, MarkerShape shape, string label)
    {
        if (p is not null)
        {
            var marker = plot.Add.Marker(p.Utilities[xParty], p.Utilities[yParty], shape, 12, colour);
            marker.LegendText = label;
        }
    }
}
