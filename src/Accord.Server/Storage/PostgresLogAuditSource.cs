// Reads a PostgreSQL-backed log for an audit while the cluster keeps running: one REPEATABLE READ
// transaction holds a snapshot, so the entries and the checkpoints read are one committed state even
// while silos append.
using Accord.Transparency.Storage;
using Npgsql;

namespace Accord.Server.Storage;

/// <summary>The log tables of Accord's PostgreSQL database (deploy/postgres/accord-log.sql), read in one snapshot.</summary>
public sealed class PostgresLogAuditSource : ILogAuditSource
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _snapshot;

    public PostgresLogAuditSource(string connectionString)
    {
        _connection = new NpgsqlConnection(connectionString);
        try
        {
            _connection.Open();
            _snapshot = _connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public IEnumerable<(long Index, byte[] Entry, byte[] LeafHash)> ReadAllEntries()
    {
        using var command = new NpgsqlCommand("SELECT idx, entry, leaf_hash FROM accord_log_entries ORDER BY idx", _connection, _snapshot);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2));
        }
    }

    public IEnumerable<(long TreeSize, string Note)> ReadCheckpoints()
    {
        using var command = new NpgsqlCommand("SELECT tree_size, note FROM accord_log_checkpoints ORDER BY tree_size", _connection, _snapshot);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (reader.GetInt64(0), reader.GetString(1));
        }
    }

    public void Dispose()
    {
        _snapshot.Dispose();
        _connection.Dispose();
    }
}
