using System.CommandLine;
using Accord.Cli.Output;

namespace Accord.Cli.Commands;

/// <summary>The `accord` command tree.</summary>
public static class AccordCli
{
    /// <summary>Runs `accord <paramref name="args"/>` with its output on <paramref name="console"/> (default: the process's console); returns the exit code.</summary>
    public static Task<int> InvokeAsync(IReadOnlyList<string> args, CliConsole? console = null, CancellationToken cancellationToken = default) =>
        BuildRoot().Parse(args).InvokeAsync((console ?? CliConsole.Standard).Invocation(), cancellationToken);

    public static RootCommand BuildRoot() => new("accord: signed compute commitments, agreements and their evidence")
    {
        KeygenCommand.Build(),
        ServeCommand.Build(),
        WebCommand.Build(),
        PartyCommands.Build(),
        GovernanceCommands.Build(),
        CommitCommands.Build(),
        CommitmentCommands.BuildList(),
        CommitmentCommands.Build(),
        AgreementCommands.Build(),
        TrustCommands.Build(),
        TrustCommands.BuildCa(),
        DeviceCommands.Build(),
        AgentCommands.Build(),
        InspectCommands.Build(),
        SimulateCommand.Build(),
        LogCommands.Build(),
        WitnessCommands.Build(),
        NegotiateCommands.BuildNegotiate(),
        NegotiateCommands.BuildTournament(),
        SessionCommands.Build(),
        BenchCommands.Build(),
        DemoCommand.Build(),
        DbCommands.Build(),
        CommonOptions.CaCert(),
    };
}
