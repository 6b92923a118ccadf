// SVG 1.1 line charts (https://www.w3.org/TR/SVG11/), written as text: no package.
using System.Globalization;
using System.Text;

namespace Accord.Simulation;

/// <summary>A fixed y axis: from <paramref name="Min"/> to <paramref name="Max"/>, a tick every <paramref name="Step"/>, labels suffixed with <paramref name="Unit"/>.</summary>
/// <param name="Min">Bottom.</param>
/// <param name="Max">Top.</param>
/// <param name="Step">Tick spacing.</param>
/// <param name="Unit">Suffix of the tick labels (e.g. "%").</param>
internal sealed record YAxis(double Min, double Max, double Step, string Unit = "");

/// <summary>Draws the simulation's line charts.</summary>
internal static class SvgLineChart
{
    /// <summary>
    /// The chart: a title, a frame, y ticks (every integer from floor(min) to ceil(max) by default, or the given
    /// axis), one polyline per series (NaN points left out) with a legend, and optional shaded x steps.
    /// </summary>
    public static string Draw(
        string title, string xLabel, List<(string Label, double[] Y, string Colour, bool Dashed)> series, bool[]? shade, YAxis? axis = null)
    {
        const double W = 800, H = 420, L = 60, R = 200, T = 40, B = 40;
        var all = series.SelectMany(s => s.Y).Where(double.IsFinite).ToList();
        var lo = axis?.Min ?? (all.Count > 0 ? Math.Floor(all.Min()) : 0);
        var hi = axis?.Max ?? (all.Count > 0 ? Math.Ceiling(all.Max()) : 1);
        var step = axis?.Step ?? 1;
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        var n = Math.Max(2, series.Count > 0 ? series.Max(s => s.Y.Length) : 2);
        double X(int i) => L + ((W - L - R) * i / (n - 1));
        double Y(double v) => T + ((H - T - B) * (hi - v) / (hi - lo));
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" font-family=\"sans-serif\" font-size=\"11\">\n");
        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{L}\" y=\"20\" font-size=\"13\">{Escape(title)}</text>\n");
        if (shade is not null)
        {
            for (var i = 0; i < shade.Length - 1; i++)
            {
                if (shade[i])
                {
                    s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{X(i):F1}\" y=\"{T}\" width=\"{X(i + 1) - X(i) + 0.2:F1}\" height=\"{H - T - B}\" fill=\"#fff3b0\"/>\n");
                }
            }
        }

        s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{L}\" y=\"{T}\" width=\"{W - L - R}\" height=\"{H - T - B}\" fill=\"none\" stroke=\"#888\"/>\n");
        for (var v = lo; v <= hi; v += step)
        {
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{L - 30}\" y=\"{Y(v) + 4:F1}\">{v:F0}{axis?.Unit}</text>\n");
        }

        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{(W - R) / 2}\" y=\"{H - 10}\">{Escape(xLabel)} (0 to {n - 1})</text>\n");
        for (var k = 0; k < series.Count; k++)
        {
            var (label, ys, colour, dashed) = series[k];
            var pts = string.Join(' ', ys.Select((v, i) => (v, i)).Where(p => double.IsFinite(p.v)).Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.i):F1},{Y(p.v):F1}")));
            s.Append(CultureInfo.InvariantCulture, $"<polyline data-series=\"{Escape(label)}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\"{(dashed ? " stroke-dasharray=\"5,3\"" : string.Empty)} points=\"{pts}\"/>\n");
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{W - R + 10}\" x2=\"{W - R + 30}\" y1=\"{T + 10 + (k * 16)}\" y2=\"{T + 10 + (k * 16)}\" stroke=\"{colour}\"{(dashed ? " stroke-dasharray=\"5,3\"" : string.Empty)}/>");
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{W - R + 35}\" y=\"{T + 14 + (k * 16)}\">{Escape(label)}</text>\n");
        }

        s.Append("</svg>\n");
        return s.ToString();
    }

    /// <summary>Escapes text for XML content and attribute values.</summary>
    public static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal);
}
