using Accord.Cli.Commands;
using Spectre.Console;

if (Console.IsOutputRedirected)
{
    // Piped or captured output has no terminal width; keep tables readable rather than 80 columns.
    AnsiConsole.Profile.Width = 160;
}

return await AccordCli.BuildRoot().Parse(args).InvokeAsync();
