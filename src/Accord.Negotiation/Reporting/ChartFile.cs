// Charts are drawn with ScottPlot 5 (https://scottplot.net) and written as SVG 1.1 or PNG.
using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;

namespace Accord.Negotiation.Reporting;

/// <summary>The file formats a chart is written in.</summary>
public enum ChartFormat
{
    /// <summary>SVG 1.1 (a .svg file).</summary>
    Svg,
    /// <summary>PNG (a .png file).</summary>
    Png,
}

/// <summary>Renders a chart to bytes, or to a file whose extension names the format. The same plot gives the same bytes.</summary>
public static partial class ChartFile
{
    /// <summary>The format a path's extension names.</summary>
    /// <exception cref="ArgumentException">The extension is neither .svg nor .png.</exception>
    public static ChartFormat FormatOf(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".svg" => ChartFormat.Svg,
            ".png" => ChartFormat.Png,
            _ => throw new ArgumentException($"'{path}': a chart is written as .svg or .png", nameof(path)),
        };
    }

    /// <summary>The chart in <paramref name="format"/> at its size (<see cref="ChartStyle.Size"/> unless given).</summary>
    public static byte[] Bytes(Plot plot, ChartFormat format, PixelSize? size = null)
    {
        ArgumentNullException.ThrowIfNull(plot);
        var (w, h) = ((int)(size ?? ChartStyle.Size).Width, (int)(size ?? ChartStyle.Size).Height);
        return format switch
        {
            ChartFormat.Svg => System.Text.Encoding.UTF8.GetBytes(StableIds(plot.GetSvgXml(w, h))),
            ChartFormat.Png => plot.GetImageBytes(w, h, ImageFormat.Png),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    // Skia's SVG canvas names clip paths from a process-wide counter (cl_1e, cl_1f, ...): renumber them from 0 in
    // order of appearance, so the same chart gives the same bytes whatever was drawn before it.
    private static string StableIds(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out var id))
            {
                id = string.Create(CultureInfo.InvariantCulture, $"cl_{ids.Count}");
                ids.Add(m.Value, id);
            }

            return id;
        });
    }

    [GeneratedRegex(@"\bcl_[0-9a-f]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex ClipId();

    /// <summary>Writes the chart to <paramref name="path"/> in the format its extension names.</summary>
    public static async Task WriteAsync(Plot plot, string path, PixelSize? size = null, CancellationToken cancellationToken = default) =>
        await File.WriteAllBytesAsync(path, Bytes(plot, FormatOf(path), size), cancellationToken).ConfigureAwait(false);
}
