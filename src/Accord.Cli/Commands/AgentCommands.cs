using System.CommandLine;
using Accord.Agent;
using Accord.Cli.Client;
using Accord.Cli.Output;
using Accord.Core.Attestation;

namespace Accord.Cli.Commands;

/// <summary>`accord agent run`: the monitoring agent for a lab's devices.</summary>
public static class AgentCommands
{
    public static Command Build()
    {
        var agent = new Command("agent", "The monitoring agent: reads chips, signs reports, spools them durably, streams them to the server");
        agent.Add(Run());
        return agent;
    }

    private static Command Run()
    {
        var server = new Option<string?>("--server")
        {
            Description = $"Server URL, or several separated by commas (the silos of a cluster: the agent fails over to the next when one fails); default $ACCORD_SERVER or {RegistryConnection.DefaultServer}",
        };
        var key = CommonOptions.Key();
        var devices = new Option<string[]>("--device")
        {
            Description = "IDENTITY.pem[:MODEL[:CHIP]] (repeatable); MODEL h100 or h200 (default h100); CHIP idle, steady, bursty, training-run or nvml (default steady)",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var spool = new Option<string>("--spool") { Description = "The durable spool file", DefaultValueFactory = _ => Path.Combine("accord-agent", "spool.db") };
        var interval = new Option<double>("--interval") { Description = "Seconds between reports", DefaultValueFactory = _ => 60 };
        var batch = new Option<int>("--batch") { Description = "Reports per batch", DefaultValueFactory = _ => 64 };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds (default: until Ctrl+C)" };
        var command = new Command("run", "Run the agent until Ctrl+C (or --duration)") { key, devices, spool, interval, batch, duration, server };
        command.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            var identities = new List<IDeviceIdentity>();
            var servers = (parse.GetValue(server) ?? Environment.GetEnvironmentVariable("ACCORD_SERVER") ?? RegistryConnection.DefaultServer)
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(url => new Uri(url))
                .ToList();
            var options = new AgentOptions
            {
                Servers = servers,
                CaCertificatePath = CommonOptions.CaCertificate(parse),
                LabKeyFile = parse.GetRequiredValue(key).FullName,
                SpoolPath = parse.GetRequiredValue(spool),
                ReportInterval = TimeSpan.FromSeconds(parse.GetValue(interval)),
                BatchSize = parse.GetValue(batch),
            };
            foreach (var spec in parse.GetRequiredValue(devices))
            {
                var parts = spec.Split(':');
                var identity = DeviceIdentity.ImportPem(await File.ReadAllTextAsync(parts[0], cancellationToken));
                identities.Add(new PemDeviceIdentity(identity));
                options.Devices.Add(new AgentDeviceOptions
                {
                    DeviceId = identity.DeviceId,
                    IdentityPath = parts[0],
                    Model = parts.Length > 1 ? DeviceCommands.ParseModel(parts[1]) : Protos.V1.DeviceModel.H100Sxm,
                    Chip = parts.Length > 2 ? parts[2] : "steady",
                });
            }

            if (options.Problems() is { Count: > 0 } problems)
            {
                throw new CliFailure(string.Join("; ", problems));
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parse.GetValue(duration) is { } seconds)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }

            var runner = new AgentRunner();
            var gate = new object();
            runner.Refused += refusal =>
            {
                lock (gate)
                {
                    console.Error.WriteLine($"agent: {Printable.Text(refusal.ToString())}");
                }
            };
            console.Out.WriteLine($"agent: {options.Devices.Count} device(s), a report every {options.ReportInterval.TotalSeconds:0.###} s, to {string.Join(", ", servers)}");
            var run = runner.RunAsync(options, identities, stop.Token);
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
                var s = runner.Status;
                var link = s.Connected ? "connected" : s.Reconnect?.ToString() ?? "connecting";
                lock (gate)
                {
                    console.Out.WriteLine($"produced {s.Produced}, acknowledged {s.Acked}, rejected {s.Rejected}, pending {s.Pending}, {link}");
                }
            }

            try
            {
                await run;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (AgentRefusedException e)
            {
                throw new RefusedFailure(e.Message);
            }
        });
        return command;
    }
}
