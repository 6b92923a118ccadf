using Accord.Cli.Commands;

return await AccordCli.BuildRoot().Parse(args).InvokeAsync();
