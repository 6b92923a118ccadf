using Accord.Cli.Commands;

return await AccordCli.InvokeAsync(args);
