using Accord.Cli.Commands;
using Accord.Core.Transparency;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Microsoft.Data.Sqlite;

namespace Accord.IntegrationTests.Log;

/// <summary>The log across restarts, and tamper evidence in its storage.</summary>
public sealed class LogDurabilityTests : IAsyncLifetime
{
    private readonly AccordServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Restart_CheckpointAfter_IsConsistentWithCheckpointBefore()
    {
        for (var i = 0; i < 5; i++)
        {
            await TestParty.RegisterAsync(_server.Registry, "lab");
        }

        var logKey = await _server.LogKeyAsync();
        var before = await _server.Log.GetCheckpointAsync(new GetCheckpointRequest());

        await _server.RestartAsync();
        for (var i = 0; i < 3; i++)
        {
            await TestParty.RegisterAsync(_server.Registry, "lab");
        }

        var after = await _server.Log.GetCheckpointAsync(new GetCheckpointRequest());
        var proof = await _server.Log.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = before.TreeSize, SecondSize = after.TreeSize });

        Assert.Equal(logKey.VerifierKey, (await _server.LogKeyAsync()).VerifierKey);
        Assert.Equal(before.TreeSize + 3, after.TreeSize);
        var verified = OfflineVerifier.VerifyAppendOnly(before.Checkpoint, after.Checkpoint, [.. proof.Proof.Select(p => p.ToByteArray())], logKey);
        Assert.Equal(after.TreeSize, verified.Size);
    }

    [Fact]
    public async Task AuditLocal_ByteChangedInStoredEntry_IsReportedWithItsIndex()
    {
        for (var i = 0; i < 4; i++)
        {
            await TestParty.RegisterAsync(_server.Registry, "lab");
        }

        await _server.StopAsync();
        var clean = await CliRunner.RunAsync("log", "audit", "--local", "--data", _server.DataDirectory);
        Tamper(Path.Combine(_server.DataDirectory, "log.db"), index: 2);

        var tampered = await CliRunner.RunAsync("log", "audit", "--local", "--data", _server.DataDirectory);

        Assert.Equal(ExitCodes.Ok, clean.Code);
        Assert.StartsWith("clean: 4 entries", clean.Out);
        Assert.Equal(ExitCodes.NotVerified, tampered.Code);
        Assert.Contains("entry 2: the stored bytes hash to", tampered.Out);
        await _server.StartAsync();
    }

    [Fact]
    public async Task Start_StoredLeafHashRewritten_RefusesToServeAForkedLog()
    {
        for (var i = 0; i < 3; i++)
        {
            await TestParty.RegisterAsync(_server.Registry, "lab");
        }

        await _server.StopAsync();
        RewriteLeafHash(Path.Combine(_server.DataDirectory, "log.db"), index: 1);

        var e = await Assert.ThrowsAnyAsync<Exception>(_server.StartAsync);

        Assert.Contains("do not hash to the root", e.ToString());
        var audit = await CliRunner.RunAsync("log", "audit", "--local", "--data", _server.DataDirectory);
        Assert.Equal(ExitCodes.NotVerified, audit.Code);
    }

    private static void Tamper(string database, long index)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE log_entries SET entry = CAST(substr(entry, 1, 10) || x'FF' || substr(entry, 12) AS BLOB) WHERE idx = $idx";
        command.Parameters.AddWithValue("$idx", index);
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    private static void RewriteLeafHash(string database, long index)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE log_entries SET leaf_hash = zeroblob(32) WHERE idx = $idx";
        command.Parameters.AddWithValue("$idx", index);
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
