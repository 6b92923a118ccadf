// The transparency log's durable store on PostgreSQL (deploy/postgres/accord-log.sql): entries with
// their RFC 9162 leaf hashes, and every checkpoint the log signed (C2SP signed notes). Same semantics
// as Accord.Transparency's SqliteLogStore: a batch of entries and the checkpoint covering it are one
// transaction. The primary key on idx is what keeps a cluster's log from forking: should two
// activations of the log grain ever write at once, the second insert of an index fails, that writer's
// engine stops and reopens from here. It lives in the server, beside PostgresDatabase: the one pool it
// shares with the membership table and grain storage, and the schema scripts `accord db init` applies.
using Accord.Transparency;
using Npgsql;
using NpgsqlTypes;

namespace Accord.Server.Storage;

/// <summary>Log entries and checkpoints in PostgreSQL.</summary>
public sealed class PostgresLogStore(PostgresDatabase database) : ITransparencyLogStore
{
    public async Task<StoredLog> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot: the entries and the latest checkpoint as one committed state.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var leaves = new List<byte[]>();
        await using (var command = new NpgsqlCommand("SELECT idx, leaf_hash FROM accord_log_entries ORDER BY idx", connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetInt64(0) != leaves.Count)
                {
                    throw new InvalidOperationException($"the log store has a gap: entry {leaves.Count} is missing");
                }

                leaves.Add(reader.GetFieldValue<byte[]>(1));
            }
        }

        StoredLog stored;
        await using (var latest = new NpgsqlCommand("SELECT tree_size, note FROM accord_log_checkpoints ORDER BY tree_size DESC LIMIT 1", connection, transaction))
        await using (var row = await latest.ExecuteReaderAsync(cancellationToken))
        {
            stored = await row.ReadAsync(cancellationToken) ? new StoredLog(leaves, row.GetInt64(0), row.GetString(1)) : new StoredLog(leaves, 0, null);
        }

        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task AppendAsync(long firstIndex, IReadOnlyList<(byte[] Entry, byte[] LeafHash)> entries, long treeSize, string checkpointNote, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (entries.Count > 0)
        {
            // A plain INSERT: an index that is already there fails the whole batch (no fork, no overwrite).
            await using var insert = new NpgsqlCommand(
                "INSERT INTO accord_log_entries (idx, leaf_hash, entry) SELECT * FROM unnest(@idx, @leaf, @entry)", connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<long[]>("idx", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. Enumerable.Range(0, entries.Count).Select(i => firstIndex + i)] });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]>("leaf", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = [.. entries.Select(e => e.LeafHash)] });
            insert.Parameters.Add(new NpgsqlParameter<byte[][]>("entry", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = [.. entries.Select(e => e.Entry)] });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var checkpoint = new NpgsqlCommand("""
            INSERT INTO accord_log_checkpoints (tree_size, note, created_at) VALUES (@size, @note, now())
            ON CONFLICT (tree_size) DO UPDATE SET note = excluded.note, created_at = excluded.created_at
            """, connection, transaction))
        {
            checkpoint.Parameters.AddWithValue("size", treeSize);
            checkpoint.Parameters.AddWithValue("note", checkpointNote);
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(long Index, byte[] Entry, byte[] LeafHash)>> ReadEntriesAsync(long start, int count, long limit, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT idx, entry, leaf_hash FROM accord_log_entries WHERE idx >= @start AND idx < @end ORDER BY idx");
        command.Parameters.AddWithValue("start", start);
        command.Parameters.AddWithValue("end", Math.Min(limit, start + count));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(long, byte[], byte[])>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2)));
        }

        return rows;
    }

    public async Task<long?> FindIndexAsync(byte[] leafHash, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT MIN(idx) FROM accord_log_entries WHERE leaf_hash = @leaf");
        command.Parameters.AddWithValue("leaf", leafHash);
        return await command.ExecuteScalarAsync(cancellationToken) is long index ? index : null;
    }

    public async Task<string?> GetCheckpointAsync(long treeSize, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT note FROM accord_log_checkpoints WHERE tree_size = @size");
        command.Parameters.AddWithValue("size", treeSize);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task UpdateCheckpointAsync(long treeSize, string checkpointNote, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("UPDATE accord_log_checkpoints SET note = @note WHERE tree_size = @size");
        command.Parameters.AddWithValue("size", treeSize);
        command.Parameters.AddWithValue("note", checkpointNote);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"no stored checkpoint at size {treeSize}");
        }
    }
}
