// Accord's PostgreSQL store (Npgsql): one data source per server process, shared by the membership
// table, the grain storage and the transparency log store. The schema is the scripts in deploy/postgres/
// (embedded in this assembly), applied by `accord db init --postgres CONN`; all of them are idempotent.
using System.Reflection;
using Npgsql;

namespace Accord.Server.Storage;

/// <summary>A connection pool to Accord's PostgreSQL database and its schema scripts.</summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>The schema scripts in deploy/postgres/, in the order they are applied.</summary>
    public static readonly IReadOnlyList<string> Scripts = ["accord-cluster.sql", "accord-grain-state.sql", "accord-log.sql"];

    // Serializes concurrent `db init` runs (CREATE ... IF NOT EXISTS can race in PostgreSQL's catalogs).
    private const long InitLock = 0x4163636f7264; // "Accord"

    private static readonly string[] Tables = ["accord_membership_version", "accord_membership", "accord_grain_state", "accord_log_entries", "accord_log_checkpoints"];

    public PostgresDatabase(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    /// <summary>The pool every store opens its connections from.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The text of one schema script.</summary>
    public static string ReadScript(string name)
    {
        using var stream = typeof(PostgresDatabase).Assembly.GetManifestResourceStream("accord.postgres." + name)
            ?? throw new InvalidOperationException($"schema script {name} is not embedded in {typeof(PostgresDatabase).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Applies every schema script in one transaction (idempotent); returns the scripts applied.</summary>
    public async Task<IReadOnlyList<string>> InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@lock)", connection, transaction))
        {
            command.Parameters.AddWithValue("lock", InitLock);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var script in Scripts)
        {
            await using var command = new NpgsqlCommand(ReadScript(script), connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Scripts;
    }

    /// <summary>Throws, naming `accord db init`, when a table of the schema is missing.</summary>
    public async Task CheckSchemaAsync(CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand("SELECT t FROM unnest(@tables) AS t WHERE to_regclass(t) IS NULL");
        command.Parameters.AddWithValue("tables", Tables);
        var missing = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                missing.Add(reader.GetString(0));
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"the PostgreSQL database lacks Accord's tables ({string.Join(", ", missing)}); run `accord db init --postgres CONN` first");
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}
