using Accord.Grains.Abstractions.Devices;
using Accord.Grains.Devices;
using Microsoft.Extensions.Options;

namespace Accord.Server.Devices;

/// <summary>Every sweep interval, asks each enrolled device whether it has gone silent, so that silence is recorded as evidence.</summary>
public sealed class LivenessSweeper(IGrainFactory grains, IOptions<MonitoringOptions> options, ILogger<LivenessSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LivenessSweep);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var deviceId in (await grains.GetGrain<IDeviceDirectoryGrain>(IDeviceDirectoryGrain.Key).List()).Keys)
                {
                    var device = await grains.GetGrain<IDeviceGrain>(deviceId).CheckLiveness(stoppingToken);
                    if (device?.SilentSince is { } since && since > DateTimeOffset.UtcNow - options.Value.LivenessSweep)
                    {
                        logger.LogWarning("device {DeviceId} of {PartyId} went silent at {SilentSince:O}", deviceId, device.PartyId, since);
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "liveness sweep failed; retrying at the next tick");
            }
        }
    }
}
