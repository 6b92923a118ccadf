using System.CommandLine;
using Accord.Cli.Output;
using Accord.Server.Storage;

namespace Accord.Cli.Commands;

/// <summary>`accord db init --postgres CONN`: applies the PostgreSQL schema (deploy/postgres/*.sql); safe to run again.</summary>
public static class DbCommands
{
    public static Command Build()
    {
        var postgres = new Option<string>("--postgres") { Description = "PostgreSQL connection string (Npgsql syntax)", Required = true };
        var init = new Command("init", "Create Accord's tables in a PostgreSQL database (idempotent)") { postgres };
        init.SetHandler(async (parse, cancellationToken) =>
        {
            var console = CliConsole.Of(parse);
            await using var database = new PostgresDatabase(parse.GetRequiredValue(postgres));
            IReadOnlyList<string> applied;
            try
            {
                applied = await database.InitializeAsync(cancellationToken);
            }
            catch (Npgsql.NpgsqlException e)
            {
                throw new CliFailure($"cannot initialise the PostgreSQL database: {e.Message}");
            }

            foreach (var script in applied)
            {
                console.Out.WriteLine($"applied {script}");
            }

            console.Out.WriteLine("database ready");
        });
        return new Command("db", "Manage Accord's database") { init };
    }
}
