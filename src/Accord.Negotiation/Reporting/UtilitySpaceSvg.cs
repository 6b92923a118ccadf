using System.Globalization;
using System.Security;
using System.Text;
using Accord.Negotiation.Analysis;
using Accord.Negotiation.Domains;

namespace Accord.Negotiation.Reporting;

/// <summary>
/// Writes the utility space of two parties as plain SVG text: every outcome (grey dots; at most
/// <see cref="MaxOutcomes"/>), the Pareto frontier (blue line and dots), the reservation values (dashed
/// lines), the Nash (red) and Kalai (green) points, and a session's offer trace (one colour per party,
/// the mediator's texts in black) with the agreement ringed. x is the first party's utility, y the
/// second's.
/// </summary>
public static class UtilitySpaceSvg
{
    /// <summary>The most outcomes drawn as dots.</summary>
    public const long MaxOutcomes = 20_000;

    private const int Margin = 56;

    /// <summary>The SVG document.</summary>
    public static string Write(NegotiationDomain domain, OutcomeSpaceAnalysis analysis, NegotiationResult? result = null, int xParty = 0, int yParty = 1, int size = 520)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(analysis);
        var ux = domain.UtilityOf(xParty);
        var uy = domain.UtilityOf(yParty);
        var top = Math.Max(1.0, Math.Max(ux.Max, uy.Max));
        var plot = size - (2 * Margin);
        string X(double u) => F(Margin + (u / top * plot));
        string Y(double u) => F(size - Margin - (u / top * plot));
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" font-family=\"sans-serif\" font-size=\"11\">\n");
        sb.Append(CultureInfo.InvariantCulture, $"<title>{E(domain.Name)}: utility space of {E(ux.Name)} and {E(uy.Name)}</title>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{size}\" height=\"{size}\" fill=\"white\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(top)}\" y2=\"{Y(0)}\" stroke=\"black\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(0)}\" y1=\"{Y(0)}\" x2=\"{X(0)}\" y2=\"{Y(top)}\" stroke=\"black\"/>\n");
        for (var k = 0; k <= 4; k++)
        {
            var v = top * k / 4;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(v)}\" y=\"{F(size - Margin + 16)}\" text-anchor=\"middle\">{F(v)}</text>\n");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Margin - 8)}\" y=\"{Y(v)}\" text-anchor=\"end\">{F(v)}</text>\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(size / 2.0)}\" y=\"{F(size - 12)}\" text-anchor=\"middle\">u({E(ux.Name)})</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{F(size / 2.0)}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {F(size / 2.0)})\">u({E(uy.Name)})</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"reservation\" x1=\"{X(ux.Reservation)}\" y1=\"{Y(0)}\" x2=\"{X(ux.Reservation)}\" y2=\"{Y(top)}\" stroke=\"grey\" stroke-dasharray=\"4 3\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<line class=\"reservation\" x1=\"{X(0)}\" y1=\"{Y(uy.Reservation)}\" x2=\"{X(top)}\" y2=\"{Y(uy.Reservation)}\" stroke=\"grey\" stroke-dasharray=\"4 3\"/>\n");
        if (domain.OutcomeCount <= MaxOutcomes)
        {
            sb.Append("<g class=\"outcomes\" fill=\"#bbbbbb\">\n");
            foreach (var o in domain.AllOutcomes())
            {
                sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"outcome\" cx=\"{X(ux.Utility(o))}\" cy=\"{Y(uy.Utility(o))}\" r=\"2\"/>\n");
            }

            sb.Append("</g>\n");
        }

        var frontier = analysis.Frontier.OrderBy(p => p.Utilities[xParty]).ThenByDescending(p => p.Utilities[yParty]).ToArray();
        if (frontier.Length > 0)
        {
            sb.Append("<polyline class=\"frontier-line\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"1.5\" points=\"");
            sb.AppendJoin(' ', frontier.Select(p => $"{X(p.Utilities[xParty])},{Y(p.Utilities[yParty])}"));
            sb.Append("\"/>\n<g fill=\"#1f5fbf\">\n");
            foreach (var p in frontier)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"frontier\" cx=\"{X(p.Utilities[xParty])}\" cy=\"{Y(p.Utilities[yParty])}\" r=\"3\"><title>{E(domain.Describe(p.Outcome))}</title></circle>\n");
            }

            sb.Append("</g>\n");
        }

        if (result is not null)
        {
            var colours = new[] { "#e07b00", "#7b3fb5", "#00897b", "#c2185b", "#5d4037" };
            foreach (var group in result.Trace.Where(e => e.Offer is not null && e.Kind == Protocols.ActionKind.Offer).GroupBy(e => e.Party))
            {
                var colour = group.Key < 0 ? "black" : colours[group.Key % colours.Length];
                var who = group.Key < 0 ? "mediator" : domain.Parties[group.Key].Name;
                sb.Append(CultureInfo.InvariantCulture, $"<polyline class=\"trace\" data-party=\"{E(who)}\" fill=\"none\" stroke=\"{colour}\" stroke-opacity=\"0.7\" points=\"");
                sb.AppendJoin(' ', group.Select(e => $"{X(ux.Utility(e.Offer!))},{Y(uy.Utility(e.Offer!))}"));
                sb.Append("\"/>\n");
            }

            if (result.Deal is { } deal)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<circle class=\"agreement\" cx=\"{X(ux.Utility(deal))}\" cy=\"{Y(uy.Utility(deal))}\" r=\"8\" fill=\"none\" stroke=\"black\" stroke-width=\"2\"><title>agreement: {E(domain.Describe(deal))}</title></circle>\n");
            }
        }

        Marker(sb, "nash", "Nash", "#d32f2f", analysis.Nash, xParty, yParty, X, Y, domain);
        Marker(sb, "kalai", "Kalai", "#2e7d32", analysis.Kalai, xParty, yParty, X, Y, domain);
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static void Marker(StringBuilder sb, string cls, string label, string colour, OutcomePoint? p, int xParty, int yParty, Func<double, string> x, Func<double, string> y, NegotiationDomain domain)
    {
        if (p is null)
        {
            return;
        }

        sb.Append(CultureInfo.InvariantCulture, $"<g class=\"{cls}\"><rect x=\"{F(double.Parse(x(p.Utilities[xParty]), CultureInfo.InvariantCulture) - 5)}\" y=\"{F(double.Parse(y(p.Utilities[yParty]), CultureInfo.InvariantCulture) - 5)}\" width=\"10\" height=\"10\" fill=\"{colour}\"><title>{E(domain.Describe(p.Outcome))}</title></rect>");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(double.Parse(x(p.Utilities[xParty]), CultureInfo.InvariantCulture) + 8)}\" y=\"{F(double.Parse(y(p.Utilities[yParty]), CultureInfo.InvariantCulture) - 8)}\" fill=\"{colour}\">{label}</text></g>\n");
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string s) => SecurityElement.Escape(s) ?? string.Empty;
}
