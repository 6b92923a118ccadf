using Accord.Client;
using Accord.Core.Common;
using Accord.Protos.V1;

namespace Accord.Cli.Commands;

/// <summary>Ids as the user types them: any unique prefix of a commitment or device id (Core <see cref="IdPrefixes"/>); exit 2 otherwise.</summary>
public static class Ids
{
    /// <summary>The commitment id <paramref name="typed"/> stands for: a full 32-character id as it is, else the one id it starts.</summary>
    public static async Task<string> CommitmentAsync(RegistryService.RegistryServiceClient registry, string typed, CancellationToken cancellationToken) =>
        typed.Length == 32
            ? typed
            : Resolve(IdPrefixes.Resolve(typed, (await Listings.CommitmentsAsync(registry, cancellationToken: cancellationToken)).Select(c => c.CommitmentId), "commitment"));

    /// <summary>The device id <paramref name="typed"/> stands for: an enrolled device's id as it is, else the one id it starts.</summary>
    public static async Task<string> DeviceAsync(DeviceService.DeviceServiceClient devices, string typed, CancellationToken cancellationToken) =>
        Resolve(IdPrefixes.Resolve(typed, (await Listings.DevicesAsync(devices, cancellationToken: cancellationToken)).Select(d => d.DeviceId), "device"));

    private static string Resolve(Checked<string> resolved) =>
        resolved.Refusal is { } refusal ? throw new CliFailure(refusal.Message) : resolved.Value!;
}
