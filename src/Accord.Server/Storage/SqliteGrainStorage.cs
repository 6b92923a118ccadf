// Orleans grain storage over one SQLite file (Microsoft.Data.Sqlite), the embedded default.
// Durability: WAL journal with synchronous=FULL, so a write has reached the disk before WriteStateAsync
// returns and a grain acknowledges its caller. Writes waiting at the same time are committed together
// (group commit: one transaction, one fsync). Concurrency: an integer ETag per row (optimistic).
using Accord.Transparency.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Accord.Server.Storage;

/// <summary>Grain state in a SQLite file, serialized with the Orleans binary serializer.</summary>
public sealed class SqliteGrainStorage : IGrainStorage, IDisposable
{
    private readonly string _name;
    private readonly Serializer _serializer;
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly System.Threading.Channels.Channel<PendingWrite> _writes = System.Threading.Channels.Channel.CreateUnbounded<PendingWrite>(new() { SingleReader = true });
    private readonly Task _writer;

    public SqliteGrainStorage(string name, IOptions<SqliteStorageOptions> options, Serializer serializer)
    {
        _name = name;
        _serializer = serializer;
        _connection = SqliteDatabase.Open(options.Value.DatabasePath);
        SqliteDatabase.Execute(_connection, """
            CREATE TABLE IF NOT EXISTS grain_state (
                provider   TEXT    NOT NULL,
                state_name TEXT    NOT NULL,
                grain_id   TEXT    NOT NULL,
                etag       INTEGER NOT NULL,
                payload    BLOB    NOT NULL,
                updated_at TEXT    NOT NULL,
                PRIMARY KEY (provider, state_name, grain_id)
            ) WITHOUT ROWID;
            """);
        _writer = Task.Run(WriteLoop);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _gate.WaitAsync();
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT etag, payload FROM grain_state WHERE provider = $p AND state_name = $s AND grain_id = $g";
            AddKey(command, stateName, grainId);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                grainState.RecordExists = false;
                grainState.ETag = null;
                return;
            }

            var etag = reader.GetInt64(0);
            var payload = reader.GetFieldValue<byte[]>(1);
            grainState.State = _serializer.Deserialize<T>(payload);
            grainState.ETag = etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var write = new PendingWrite(stateName, grainId.ToString(), grainState.ETag, _serializer.SerializeToArray(grainState.State));
        await _writes.Writer.WriteAsync(write);
        grainState.ETag = (await write.Done.Task).ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    /// <summary>
    /// Group commit: every write waiting when the writer comes round goes into one transaction, so
    /// concurrent grains share one fsync; each write still checks its own ETag and fails alone.
    /// </summary>
    private async Task WriteLoop()
    {
        var batch = new List<PendingWrite>();
        while (await _writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < 512 && _writes.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            await _gate.WaitAsync();
            try
            {
                using var transaction = _connection.BeginTransaction();
                var outcomes = batch.Select(w => Apply(w, transaction)).ToList();
                transaction.Commit();
                for (var i = 0; i < batch.Count; i++)
                {
                    if (outcomes[i] is long etag)
                    {
                        batch[i].Done.TrySetResult(etag);
                    }
                    else
                    {
                        batch[i].Done.TrySetException(new InconsistentStateException(
                            $"Storage '{_name}': state '{batch[i].StateName}' of {batch[i].GrainId} was changed by someone else (expected ETag {batch[i].ETag ?? "none"})."));
                    }
                }
            }
            catch (Exception e)
            {
                foreach (var write in batch)
                {
                    write.Done.TrySetException(e);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>Inserts or updates one row inside the batch's transaction; the new ETag, or null on an ETag conflict.</summary>
    private long? Apply(PendingWrite write, SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        long next;
        if (write.ETag is null)
        {
            next = 1;
            command.CommandText = """
                INSERT INTO grain_state (provider, state_name, grain_id, etag, payload, updated_at)
                VALUES ($p, $s, $g, $next, $payload, $now) ON CONFLICT DO NOTHING
                """;
        }
        else
        {
            var current = long.Parse(write.ETag, System.Globalization.CultureInfo.InvariantCulture);
            next = current + 1;
            command.CommandText = """
                UPDATE grain_state SET etag = $next, payload = $payload, updated_at = $now
                WHERE provider = $p AND state_name = $s AND grain_id = $g AND etag = $current
                """;
            command.Parameters.AddWithValue("$current", current);
        }

        command.Parameters.AddWithValue("$p", _name);
        command.Parameters.AddWithValue("$s", write.StateName);
        command.Parameters.AddWithValue("$g", write.GrainId);
        command.Parameters.AddWithValue("$next", next);
        command.Parameters.AddWithValue("$payload", write.Payload);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
        return command.ExecuteNonQuery() == 1 ? next : null;
    }

    private sealed record PendingWrite(string StateName, string GrainId, string? ETag, byte[] Payload)
    {
        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _gate.WaitAsync();
        try
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM grain_state WHERE provider = $p AND state_name = $s AND grain_id = $g";
            AddKey(command, stateName, grainId);
            command.ExecuteNonQuery();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _writes.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(10));
        _connection.Dispose();
        _gate.Dispose();
    }

    private void AddKey(SqliteCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("$p", _name);
        command.Parameters.AddWithValue("$s", stateName);
        command.Parameters.AddWithValue("$g", grainId.ToString());
    }
}
