using ScottPlot;
using SkiaSharp;

namespace Accord.Simulation.Tests;

/// <summary>Reads a rendered chart's PNG: which colours a pixel column holds.</summary>
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
}
