// Orleans grain storage over one SQLite file (Microsoft.Data.Sqlite), the embedded default.
// Durability: WAL journal with synchronous=FULL, so a write has reached the disk before WriteStateAsync
// returns and a grain acknowledges its caller. Concurrency: an integer ETag per row (optimistic).
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
        var payload = _serializer.SerializeToArray(grainState.State);
        await _gate.WaitAsync();
        try
        {
            using var command = _connection.CreateCommand();
            long next;
            if (grainState.ETag is null)
            {
                next = 1;
                command.CommandText = """
                    INSERT INTO grain_state (provider, state_name, grain_id, etag, payload, updated_at)
                    VALUES ($p, $s, $g, $next, $payload, $now) ON CONFLICT DO NOTHING
                    """;
            }
            else
            {
                var current = long.Parse(grainState.ETag, System.Globalization.CultureInfo.InvariantCulture);
                next = current + 1;
                command.CommandText = """
                    UPDATE grain_state SET etag = $next, payload = $payload, updated_at = $now
                    WHERE provider = $p AND state_name = $s AND grain_id = $g AND etag = $current
                    """;
                command.Parameters.AddWithValue("$current", current);
            }

            AddKey(command, stateName, grainId);
            command.Parameters.AddWithValue("$next", next);
            command.Parameters.AddWithValue("$payload", payload);
            command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
            if (command.ExecuteNonQuery() != 1)
            {
                throw new InconsistentStateException(
                    $"Storage '{_name}': state '{stateName}' of {grainId} was changed by someone else (expected ETag {grainState.ETag ?? "none"}).");
            }

            grainState.ETag = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        finally
        {
            _gate.Release();
        }
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
