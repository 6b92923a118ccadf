using Accord.Cli.Commands;
using Accord.Cli.Output;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>Runs the `accord` command in-process on writers of its own (so that several may run at once).</summary>
public static class CliRunner
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await AccordCli.InvokeAsync(args, CliConsole.Writers(stdout, stderr, width: 240));
        return (code, stdout.ToString(), stderr.ToString());
    }
}
