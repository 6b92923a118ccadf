using System.CommandLine;
using System.Runtime.CompilerServices;
using Spectre.Console;

namespace Accord.Cli.Output;

/// <summary>
/// Where `accord` writes. Every line, table and progress report of every command goes through the console of
/// its invocation (<see cref="Of"/>), never through <see cref="Console"/> or Spectre's static
/// <see cref="AnsiConsole"/>: Program.cs runs the command on the process's console, and a caller with writers of
/// its own (a test) runs it on those, several invocations at a time in one process.
/// </summary>
public sealed class CliConsole
{
    private static readonly ConditionalWeakTable<InvocationConfiguration, CliConsole> Invocations = new();
    private static readonly Lazy<CliConsole> Process = new(CreateStandard);

    private CliConsole(TextWriter output, TextWriter error, IAnsiConsole ansi, bool errorIsTerminal)
    {
        Out = output;
        Error = error;
        Ansi = ansi;
        ErrorIsTerminal = errorIsTerminal;
    }

    /// <summary>Results: lines, JSON, checkpoints.</summary>
    public TextWriter Out { get; }

    /// <summary>Failures (one line each) and progress, so that <see cref="Out"/> carries only the result.</summary>
    public TextWriter Error { get; }

    /// <summary>Tables and markup, rendered onto <see cref="Out"/>.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>Whether <see cref="Error"/> is a terminal (a live progress bar) rather than a pipe, a file or a test's writer (a line per step).</summary>
    public bool ErrorIsTerminal { get; }

    /// <summary>The process's console (standard output and error).</summary>
    public static CliConsole Standard => Process.Value;

    /// <summary>Writers of the caller's own: no colours, no terminal, tables <paramref name="width"/> columns wide.</summary>
    public static CliConsole Writers(TextWriter output, TextWriter error, int width = 160)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        ansi.Profile.Width = width;
        return new CliConsole(output, error, ansi, errorIsTerminal: false);
    }

    /// <summary>
    /// The configuration to invoke a parsed command line with: System.CommandLine's own output (help, parse errors)
    /// goes to this console's writers, and the command's handler finds this console through <see cref="Of"/>.
    /// </summary>
    public InvocationConfiguration Invocation()
    {
        var configuration = new InvocationConfiguration { Output = Out, Error = Error };
        Invocations.AddOrUpdate(configuration, this);
        return configuration;
    }

    /// <summary>
    /// The console of the invocation <paramref name="parse"/> runs in: the one whose <see cref="Invocation"/> it was
    /// invoked with; otherwise writers around the invocation's output and error, or the process's console when those are its own.
    /// </summary>
    public static CliConsole Of(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var configuration = parse.InvocationConfiguration;
        if (Invocations.TryGetValue(configuration, out var console))
        {
            return console;
        }

        return ReferenceEquals(configuration.Output, Console.Out) && ReferenceEquals(configuration.Error, Console.Error)
            ? Standard
            : Invocations.GetValue(configuration, c => Writers(c.Output, c.Error));
    }

    private static CliConsole CreateStandard()
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // Piped or captured output has no terminal width; keep tables readable rather than 80 columns.
            ansi.Profile.Width = 160;
        }

        return new CliConsole(Console.Out, Console.Error, ansi, errorIsTerminal: !Console.IsErrorRedirected);
    }
}
