using Accord.Grains.Abstractions.Devices;

namespace Accord.Grains.Devices;

/// <summary>Every enrolled device and its party, for listings and the liveness sweep.</summary>
public sealed class DeviceDirectoryGrain(
    [PersistentState("device-directory", AccordStorage.Name)] IPersistentState<DeviceDirectoryState> state) : Grain, IDeviceDirectoryGrain
{
    public async Task Add(string deviceId, string partyId, CancellationToken cancellationToken = default)
    {
        if (state.State.Devices.TryGetValue(deviceId, out var current) && current == partyId)
        {
            return;
        }

        state.State = state.State with { Devices = state.State.Devices.SetItem(deviceId, partyId) };
        await state.WriteStateAsync(cancellationToken);
    }

    public Task<ImmutableSortedDictionary<string, string>> List() => Task.FromResult(state.State.Devices);
}
