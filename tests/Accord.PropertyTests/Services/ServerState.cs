using Accord.Client;
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
        var parties = await Listings.PartiesAsync(server.Registry);
        var commitments = await Listings.CommitmentsAsync(server.Registry);
        var trust = await devices.ListTrustAsync(new ListTrustRequest());
        var listed = await Listings.DevicesAsync(devices);
        foreach (var device in listed)
        {
            device.SilentSince = null;
        }

        return string.Join('\n', $"log {checkpoint.TreeSize} {Convert.ToHexStringLower(checkpoint.RootHash.Span)}",
            string.Join('\n', parties.Select(p => JsonFormatter.Default.Format(p))),
            string.Join('\n', commitments.Select(c => JsonFormatter.Default.Format(c))),
            JsonFormatter.Default.Format(trust),
            string.Join('\n', listed.Select(d => JsonFormatter.Default.Format(d))));
    }

    public static async Task<long> TreeSizeAsync(AccordServerFixture server) =>
        (await server.Log.GetCheckpointAsync(new GetCheckpointRequest())).TreeSize;
}
