using System.CommandLine;

namespace Accord.Cli.Commands;

/// <summary>The `accord` command tree.</summary>
public static class AccordCli
{
    public static RootCommand BuildRoot() => new("accord: signed compute commitments, agreements and their evidence")
    {
        KeygenCommand.Build(),
        ServeCommand.Build(),
        PartyCommands.Build(),
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
        BenchCommands.Build(),
        DemoCommand.Build(),
        DbCommands.Build(),
        CommonOptions.CaCert(),
    };
}
