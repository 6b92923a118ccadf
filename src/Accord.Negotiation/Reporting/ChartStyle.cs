using System.Globalization;
using ScottPlot;

namespace Accord.Negotiation.Reporting;

/// <summary>The one look of Accord's charts: a sans-serif font, a title, axis labels with units, the legend outside the data on the right.</summary>
public static class ChartStyle
{
    /// <summary>The default chart size in pixels.</summary>
    public static PixelSize Size { get; } = new(960, 520);

    /// <summary>Series colours, in order (Tableau 10).</summary>
    public static IReadOnlyList<Color> Palette { get; } =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#d62728"), Color.FromHex("#2ca02c"), Color.FromHex("#9467bd"),
        Color.FromHex("#ff7f0e"), Color.FromHex("#8c564b"), Color.FromHex("#17becf"), Color.FromHex("#e377c2"),
    ];

    /// <summary>The fill of a shaded window in time (a pause).</summary>
    public static Color PauseShade { get; } = Color.FromHex("#f4c6c6");

    /// <summary>
    /// The first installed of a few common sans-serif families (ScottPlot's own detection can answer a serif face on
    /// Linux), else ScottPlot's choice.
    /// </summary>
    public static string SansFont { get; } = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans", "Open Sans" }
        .FirstOrDefault(Installed) ?? Fonts.Sans;

    /// <summary>Colour <paramref name="i"/> of the palette, cycling.</summary>
    public static Color Colour(int i) => Palette[i % Palette.Count];

    /// <summary>A new plot with the title, the axis labels and the legend outside the data on the right.</summary>
    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(SansFont);
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// Ticks on the left axis of a plot whose y values are log10 of a quantity from <paramref name="min"/> to
    /// <paramref name="max"/>: labelled 1e24, 1e25, ... every 1, 2, 5, 10 or 20 orders of magnitude (at most
    /// <see cref="MaxLabels"/> labels), an unlabelled minor tick at every other order of magnitude (within a
    /// decade, at 2 to 9 times it when every order is labelled).
    /// </summary>
    public static void LogTicksLeft(Plot plot, double min, double max)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var lo = (int)Math.Floor(double.IsFinite(min) ? min : 0);
        var hi = (int)Math.Ceiling(double.IsFinite(max) ? max : lo + 1);
        var step = new[] { 1, 2, 5, 10, 20, 50 }.First(k => ((hi - lo) / k) + 1 <= MaxLabels || k == 50);
        var ticks = new List<Tick>();
        for (var e = lo; e <= hi; e++)
        {
            ticks.Add(e % step == 0 ? new Tick(e, string.Create(CultureInfo.InvariantCulture, $"1e{e}")) : Tick.Minor(e));
            if (step == 1 && e < hi)
            {
                ticks.AddRange(Enumerable.Range(2, 8).Select(k => Tick.Minor(e + Math.Log10(k))));
            }
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.SetLimitsY(lo, hi);
    }

    /// <summary>The most labels <see cref="LogTicksLeft"/> writes.</summary>
    public const int MaxLabels = 9;

    /// <summary>Shades the x range [<paramref name="from"/>, <paramref name="to"/>) over the full height, behind what is added later; an empty label keeps it out of the legend.</summary>
    public static void ShadeX(Plot plot, double from, double to, Color fill, string label)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var span = plot.Add.HorizontalSpan(from, to, fill);
        span.LineStyle.Width = 0;
        span.LegendText = label;
    }

    private static bool Installed(string family)
    {
        using var face = SkiaSharp.SKTypeface.FromFamilyName(family);
        return face is not null && string.Equals(face.FamilyName, family, StringComparison.OrdinalIgnoreCase);
    }
}
