using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Infrastructure;

/// <summary>
/// Runs a CsCheck property, reports how many cases it ran to the test output, and adds them to
/// the run's total. A failure prints CsCheck's seed; rerun it with <c>CsCheck_Seed=&lt;seed&gt;</c>
/// in the environment (see docs/benchmarks.md, "Property-based tests").
/// </summary>
internal static class Property
{
    private static long total;

    /// <summary>
    /// Multiplies every property's case count: <c>ACCORD_PROPERTY_SCALE=10</c> in the environment
    /// makes a ten-times longer soak run; 1 when unset.
    /// </summary>
    public static int Scale { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("ACCORD_PROPERTY_SCALE"), out var scale) && scale > 0 ? scale : 1;

    /// <summary>Cases run so far in this test run, every property together.</summary>
    public static long Total => Interlocked.Read(ref total);

    public static void Run<T>(ITestOutputHelper output, string name, Gen<T> gen, Action<T> assert, int iter, int threads = -1)
    {
        long ran = 0;
        gen.Sample(value => { Interlocked.Increment(ref ran); assert(value); }, iter: iter * Scale, threads: threads);
        Report(output, name, ran);
    }

    public static async Task RunAsync<T>(ITestOutputHelper output, string name, Gen<T> gen, Func<T, Task> assert, int iter)
    {
        long ran = 0;
        await gen.SampleAsync(async value => { Interlocked.Increment(ref ran); await assert(value); }, iter: iter * Scale, threads: 1);
        Report(output, name, ran);
    }

    private static void Report(ITestOutputHelper output, string name, long ran)
    {
        var sum = Interlocked.Add(ref total, ran);
        output.WriteLine($"{name}: {ran:N0} cases (run total so far {sum:N0})");
    }
}
