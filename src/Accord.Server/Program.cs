using Accord.Server.Hosting;

var app = AccordServerHost.Build(args, options => options.LogLevel = LogLevel.Information);
var url = await AccordServerHost.StartAsync(app);
Console.WriteLine($"Accord registry listening on {url} (data: {Path.GetFullPath(app.Services.GetRequiredService<AccordServerOptions>().DataDirectory)})");
Console.WriteLine($"log key: {app.Services.GetRequiredService<Accord.Transparency.LogIdentity>().Signer.VerifierKey}");
await app.WaitForShutdownAsync();
