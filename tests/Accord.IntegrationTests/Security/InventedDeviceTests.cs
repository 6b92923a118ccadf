using Accord.Core.Keys;
using Accord.DevTools;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Microsoft.Data.Sqlite;

namespace Accord.IntegrationTests.Security;

/// <summary>
/// Made-up device ids cost no storage: anonymous challenges for invented ids and a lab's stream naming
/// invented devices leave no stored device row, while a real device still enrols over a challenge it asked for.
/// </summary>
public sealed class InventedDeviceTests : IAsyncLifetime
{
    private readonly AccordServerFixture _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ChallengesAndReportsForInventedIds_StoreNoDeviceRow_WhileARealDeviceStillEnrols()
    {
        var kit = await DeviceKit.CreateAsync(_server);
        for (var i = 0; i < 300; i++)
        {
            await kit.Devices.GetChallengeAsync(new GetChallengeRequest { DeviceId = $"INVENTED-{i:D5}" });
        }

        var invented = Enumerable.Range(0, 50).Select(_ => new Reporter(kit.NewDevice(), PartyKeyPair.Generate(), 1, new byte[32]).NextSigned()).ToList();
        var ack = (await kit.StreamAsync(kit.Lab, invented))[0];

        Assert.All(ack.Results, r => Assert.Equal("NOT_ENROLLED", r.Reason));
        Assert.Empty(ack.Challenges);
        Assert.Equal(0, StoredDeviceRows());

        // A real device: the challenge it asked for (held in memory until it enrols) answers its enrolment evidence, and then it is stored.
        var device = kit.NewDevice();
        var nonce = await kit.ChallengeAsync(device.DeviceId);
        Assert.Equal(0, StoredDeviceRows());
        var enrolled = (await kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest
        {
            Envelope = kit.Enrolment(kit.Lab, device.ChainDer, SimulatedSpdmEvidence.Build(device, nonce)),
        })).Device;
        Assert.Equal(device.DeviceId, enrolled.DeviceId);
        Assert.NotEmpty(enrolled.Measurements);
        Assert.Equal(1, StoredDeviceRows());
    }

    private long StoredDeviceRows()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_server.DataDirectory, "accord.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM grain_state WHERE state_name = 'device'";
        return (long)command.ExecuteScalar()!;
    }
}
