using Accord.Cli.Commands;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>Runs the `accord` command in-process with its console captured (tests run one at a time).</summary>
public static class CliRunner
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(stdout),
            Ansi = Spectre.Console.AnsiSupport.No,
        });
        console.Profile.Width = 240;
        Spectre.Console.AnsiConsole.Console = console;
        try
        {
            var code = await AccordCli.BuildRoot().Parse(args).InvokeAsync();
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
