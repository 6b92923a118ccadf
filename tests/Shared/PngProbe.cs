using ScottPlot;
using SkiaSharp;

namespace Accord.Tests.Shared;

/// <summary>Reads a rendered chart's PNG: which colours a pixel column holds (linked into each test project that checks charts).</summary>
internal sealed class PngProbe : IDisposable
{
    private readonly SKBitmap _bitmap;

    public PngProbe(byte[] png) => _bitmap = SKBitmap.Decode(png) ?? throw new ArgumentException("not a PNG", nameof(png));

    public int Width => _bitmap.Width;

    public int Height => _bitmap.Height;

    /// <summary>True when some pixel of column <paramref name="x"/>, rows <paramref name="top"/> to <paramref name="bottom"/>, is within <paramref name="tolerance"/> of <paramref name="colour"/> in each channel.</summary>
    public bool ColumnHas(int x, Color colour, int top = 0, int bottom = int.MaxValue, int tolerance = 12)
    {
        for (var y = Math.Max(0, top); y <= Math.Min(bottom, _bitmap.Height - 1); y++)
        {
            if (Near(_bitmap.GetPixel(x, y), colour, tolerance))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every pixel of column <paramref name="x"/> is the white background.</summary>
    public bool ColumnBlank(int x) => Enumerable.Range(0, _bitmap.Height).All(y => Near(_bitmap.GetPixel(x, y), Colors.White, 2));

    public void Dispose() => _bitmap.Dispose();

    private static bool Near(SKColor p, Color c, int tolerance) =>
        Math.Abs(p.Red - c.R) <= tolerance && Math.Abs(p.Green - c.G) <= tolerance && Math.Abs(p.Blue - c.B) <= tolerance;

    /// <summary>The pixel column of x = <paramref name="x"/> in the plot's last render.</summary>
    public static int Column(Plot plot, double x) => (int)Math.Round(plot.GetPixel(new Coordinates(x, 0)).X);

    /// <summary>The pixel rows inside the data area of the plot's last render, less a margin of two pixels.</summary>
    public static (int Top, int Bottom) DataRows(Plot plot)
    {
        var limits = plot.Axes.GetLimits();
        return ((int)plot.GetPixel(new Coordinates(0, limits.Top)).Y + 2, (int)plot.GetPixel(new Coordinates(0, limits.Bottom)).Y - 2);
    }
}
