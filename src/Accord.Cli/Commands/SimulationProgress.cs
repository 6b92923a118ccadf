using Accord.Cli.Output;
using Spectre.Console;

namespace Accord.Cli.Commands;

/// <summary>
/// Progress of `accord simulate` on the console's error writer, so that stdout carries only the report or the JSON: a progress bar
/// when stderr is a terminal, otherwise one line per tenth of the runs ("simulate: 30/100 runs").
/// </summary>
public static class SimulationProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress sink (fractions 0 to 1 of <paramref name="total"/> <paramref name="unit"/>) shown on stderr.</summary>
    public static T Show<T>(CliConsole console, string what, int total, Func<IProgress<double>, T> work, string unit = "runs")
    {
        ArgumentNullException.ThrowIfNull(work);
        return ShowAsync(console, what, total, p => Task.FromResult(work(p)), unit).GetAwaiter().GetResult();
    }

    /// <summary>The asynchronous <see cref="Show{T}"/>.</summary>
    public static async Task<T> ShowAsync<T>(CliConsole console, string what, int total, Func<IProgress<double>, Task<T>> work, string unit = "runs")
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        if (!console.ErrorIsTerminal)
        {
            var lines = new Lines(console.Error, what, total, unit);
            var result = await work(lines);
            lines.Report(1);
            return result;
        }

        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) });
        return await terminal.Progress().StartAsync(async context =>
        {
            var task = context.AddTask(what, maxValue: 1);
            var value = await work(new Sink(p => task.Value = p));
            task.Value = 1;
            return value;
        });
    }

    private sealed class Sink(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    /// <summary>Writes a line each time another tenth is done (synchronously, whatever thread reports).</summary>
    private sealed class Lines(TextWriter writer, string what, int total, string unit) : IProgress<double>
    {
        private readonly Lock gate = new();
        private int tenths;

        public void Report(double value)
        {
            lock (gate)
            {
                var reached = (int)Math.Floor(Math.Clamp(value, 0, 1) * 10);
                if (reached <= tenths)
                {
                    return;
                }

                tenths = reached;
                writer.WriteLine($"{what}: {(int)Math.Round(value * total)}/{total} {unit}");
            }
        }
    }
}
