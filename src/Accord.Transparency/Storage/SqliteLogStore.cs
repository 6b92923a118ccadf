// The transparency log's durable store in its own SQLite file (log.db beside accord.db):
// entries with their RFC 9162 leaf hashes, and every checkpoint the log signed (C2SP signed notes).
// A batch of entries and the checkpoint covering it are one transaction with synchronous=FULL.
using Microsoft.Data.Sqlite;

namespace Accord.Transparency.Storage;

/// <summary>Log entries and checkpoints in SQLite.</summary>
public sealed class SqliteLogStore : ITransparencyLogStore, ILogAuditSource
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SqliteLogStore(string path)
    {
        _connection = SqliteDatabase.Open(path);
        SqliteDatabase.Execute(_connection, """
            CREATE TABLE IF NOT EXISTS log_entries (
                idx       INTEGER PRIMARY KEY,
                leaf_hash BLOB    NOT NULL,
                entry     BLOB    NOT NULL
            );
            CREATE INDEX IF NOT EXISTS log_entries_by_leaf ON log_entries (leaf_hash);
            CREATE TABLE IF NOT EXISTS log_checkpoints (
                tree_size  INTEGER PRIMARY KEY,
                note       TEXT    NOT NULL,
                created_at TEXT    NOT NULL
            );
            """);
    }

    /// <summary>The database file.</summary>
    public string Path => _connection.DataSource;

    public async Task<StoredLog> LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var leaves = new List<byte[]>();
            using (var command = _connection.CreateCommand())
            {
                command.CommandText = "SELECT idx, leaf_hash FROM log_entries ORDER BY idx";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    if (reader.GetInt64(0) != leaves.Count)
                    {
                        throw new InvalidOperationException($"the log store has a gap: entry {leaves.Count} is missing");
                    }

                    leaves.Add(reader.GetFieldValue<byte[]>(1));
                }
            }

            using var latest = _connection.CreateCommand();
            latest.CommandText = "SELECT tree_size, note FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1";
            using var row = latest.ExecuteReader();
            return row.Read() ? new StoredLog(leaves, row.GetInt64(0), row.GetString(1)) : new StoredLog(leaves, 0, null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task AppendAsync(long firstIndex, IReadOnlyList<(byte[] Entry, byte[] LeafHash)> entries, long treeSize, string checkpointNote, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _connection.BeginTransaction();
            using (var insert = _connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO log_entries (idx, leaf_hash, entry) VALUES ($idx, $leaf, $entry)";
                var idx = insert.Parameters.Add("$idx", SqliteType.Integer);
                var leaf = insert.Parameters.Add("$leaf", SqliteType.Blob);
                var entry = insert.Parameters.Add("$entry", SqliteType.Blob);
                insert.Prepare();
                for (var i = 0; i < entries.Count; i++)
                {
                    idx.Value = firstIndex + i;
                    leaf.Value = entries[i].LeafHash;
                    entry.Value = entries[i].Entry;
                    insert.ExecuteNonQuery();
                }
            }

            using (var checkpoint = _connection.CreateCommand())
            {
                checkpoint.Transaction = transaction;
                checkpoint.CommandText = "INSERT OR REPLACE INTO log_checkpoints (tree_size, note, created_at) VALUES ($size, $note, $now)";
                checkpoint.Parameters.AddWithValue("$size", treeSize);
                checkpoint.Parameters.AddWithValue("$note", checkpointNote);
                checkpoint.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
                checkpoint.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<(long Index, byte[] Entry, byte[] LeafHash)>> ReadEntriesAsync(long start, int count, long limit, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT idx, entry, leaf_hash FROM log_entries WHERE idx >= $start AND idx < $end ORDER BY idx";
            command.Parameters.AddWithValue("$start", start);
            command.Parameters.AddWithValue("$end", Math.Min(limit, start + count));
            using var reader = command.ExecuteReader();
            var rows = new List<(long, byte[], byte[])>();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2)));
            }

            return rows;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<long?> FindIndexAsync(byte[] leafHash, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT MIN(idx) FROM log_entries WHERE leaf_hash = $leaf";
            command.Parameters.AddWithValue("$leaf", leafHash);
            return command.ExecuteScalar() is long index ? index : null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<string?> GetCheckpointAsync(long treeSize, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT note FROM log_checkpoints WHERE tree_size = $size";
            command.Parameters.AddWithValue("$size", treeSize);
            return command.ExecuteScalar() as string;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task UpdateCheckpointAsync(long treeSize, string checkpointNote, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "UPDATE log_checkpoints SET note = $note WHERE tree_size = $size";
            command.Parameters.AddWithValue("$size", treeSize);
            command.Parameters.AddWithValue("$note", checkpointNote);
            if (command.ExecuteNonQuery() != 1)
            {
                throw new InvalidOperationException($"no stored checkpoint at size {treeSize}");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every stored checkpoint, smallest first (for auditing).</summary>
    public IEnumerable<(long TreeSize, string Note)> ReadCheckpoints()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT tree_size, note FROM log_checkpoints ORDER BY tree_size";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (reader.GetInt64(0), reader.GetString(1));
        }
    }

    /// <summary>Every stored entry with its stored leaf hash, in index order (for auditing).</summary>
    public IEnumerable<(long Index, byte[] Entry, byte[] LeafHash)> ReadAllEntries()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT idx, entry, leaf_hash FROM log_entries ORDER BY idx";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1), reader.GetFieldValue<byte[]>(2));
        }
    }

    public void Dispose()
    {
        _connection.Dispose();
        _gate.Dispose();
    }
}
