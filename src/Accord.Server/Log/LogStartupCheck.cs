using Accord.Grains.Abstractions.Log;

namespace Accord.Server.Log;

/// <summary>
/// Opens the transparency log before the endpoint starts listening: a log whose storage no longer
/// matches the checkpoints it signed stops the server from starting, with the reason.
/// </summary>
public sealed class LogStartupCheck(IGrainFactory grains, ILogger<LogStartupCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var checkpoint = await grains.GetGrain<ILogGrain>(ILogGrain.Key).GetCheckpoint();
        logger.LogInformation("transparency log open at tree size {TreeSize}", checkpoint.TreeSize);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
