// Orleans grain storage on PostgreSQL (table accord_grain_state, deploy/postgres/accord-grain-state.sql),
// the state of a clustered Accord. Same format as SqliteGrainStorage: the Orleans binary serialization
// of the state and an integer ETag per row. A write has committed (PostgreSQL's synchronous commit: on
// disk) before WriteStateAsync returns and a grain acknowledges its caller; a write against a stale
// ETag (another activation wrote first) fails with InconsistentStateException.
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;

namespace Accord.Server.Storage;

/// <summary>Grain state in PostgreSQL, serialized with the Orleans binary serializer.</summary>
public sealed class PostgresGrainStorage(string name, PostgresDatabase database, Serializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT etag, payload FROM accord_grain_state WHERE provider = @p AND state_name = @s AND grain_id = @g");
        AddKey(command, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.RecordExists = false;
            grainState.ETag = null;
            return;
        }

        var etag = reader.GetInt64(0);
        grainState.State = serializer.Deserialize<T>(reader.GetFieldValue<byte[]>(1));
        grainState.ETag = etag.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        long next;
        NpgsqlCommand command;
        if (grainState.ETag is null)
        {
            next = 1;
            command = database.DataSource.CreateCommand("""
                INSERT INTO accord_grain_state (provider, state_name, grain_id, etag, payload, updated_at)
                VALUES (@p, @s, @g, @next, @payload, now()) ON CONFLICT DO NOTHING
                """);
        }
        else
        {
            var current = long.Parse(grainState.ETag, System.Globalization.CultureInfo.InvariantCulture);
            next = current + 1;
            command = database.DataSource.CreateCommand("""
                UPDATE accord_grain_state SET etag = @next, payload = @payload, updated_at = now()
                WHERE provider = @p AND state_name = @s AND grain_id = @g AND etag = @current
                """);
            command.Parameters.AddWithValue("current", current);
        }

        await using (command)
        {
            AddKey(command, stateName, grainId);
            command.Parameters.AddWithValue("next", next);
            command.Parameters.AddWithValue("payload", serializer.SerializeToArray(grainState.State));
            if (await command.ExecuteNonQueryAsync() != 1)
            {
                throw new InconsistentStateException(
                    $"Storage '{name}': state '{stateName}' of {grainId} was changed by someone else (expected ETag {grainState.ETag ?? "none"}).");
            }
        }

        grainState.ETag = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var command = database.DataSource.CreateCommand(
            "DELETE FROM accord_grain_state WHERE provider = @p AND state_name = @s AND grain_id = @g");
        AddKey(command, stateName, grainId);
        await command.ExecuteNonQueryAsync();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private void AddKey(NpgsqlCommand command, string stateName, GrainId grainId)
    {
        command.Parameters.AddWithValue("p", name);
        command.Parameters.AddWithValue("s", stateName);
        command.Parameters.AddWithValue("g", grainId.ToString());
    }
}
