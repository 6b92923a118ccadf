using Accord.Protos.V1;
using Accord.Testing.Server;
using Google.Protobuf;

namespace Accord.PropertyTests.Services;

/// <summary>What a batch of refused requests must leave as it was: the log's size and root, and every listing.</summary>
internal static class ServerState
{
    public static async Task<string> SnapshotAsync(AccordServerFixture server)
    {
        var devices = new DeviceService.DeviceServiceClient(server.Channel);
        var checkpoint = await server.Log.GetCheckpointAsync(new GetCheckpointRequest());
        var parties = await server.Registry.ListPartiesAsync(new ListPartiesRequest());
        var commitments = await server.Registry.ListCommitmentsAsync(new ListCommitmentsRequest());
        var trust = await devices.ListTrustAsync(new ListTrustRequest());
        var listed = await devices.ListDevicesAsync(new ListDevicesRequest());
        foreach (var device in listed.Devices)
        {
            device.SilentSince = null;
        }

        return string.Join('\n', $"log {checkpoint.TreeSize} {Convert.ToHexStringLower(checkpoint.RootHash.Span)}",
            JsonFormatter.Default.Format(parties), JsonFormatter.Default.Format(commitments), JsonFormatter.Default.Format(trust), JsonFormatter.Default.Format(listed));
    }

    public static async Task<long> TreeSizeAsync(AccordServerFixture server) =>
        (await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize;
}
