using Accord.Grains.Abstractions.Devices;
using Accord.Grains.Devices;
using Microsoft.Extensions.Options;

namespace Accord.Server.Devices;

/// <summary>
/// Every sweep interval, lets each party's compliance close the windows that ended (coverage, periods,
/// notice deadlines) and asks each enrolled device whether it has gone silent, so that silence is evidence.
/// </summary>
public sealed class LivenessSweeper(IGrainFactory grains, IOptions<MonitoringOptions> options, ILogger<LivenessSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LivenessSweep);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var devices = await grains.GetGrain<IDeviceDirectoryGrain>(IDeviceDirectoryGrain.Key).List();
                foreach (var partyId in devices.Values.Distinct())
                {
                    await grains.GetGrain<Accord.Grains.Abstractions.Compliance.IComplianceGrain>(partyId).Tick(stoppingToken);
                }

                foreach (var deviceId in devices.Keys)
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
