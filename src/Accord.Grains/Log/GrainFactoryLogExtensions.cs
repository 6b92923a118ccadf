using Accord.Grains.Abstractions.Log;

namespace Accord.Grains.Log;

/// <summary>How a registry grain logs the signed object it accepts, before it records the effect.</summary>
public static class GrainFactoryLogExtensions
{
    public static Task<LogReceipt> LogAsync(this IGrainFactory grains, StoredEnvelope accepted, CancellationToken cancellationToken) =>
        grains.GetGrain<ILogGrain>(ILogGrain.Key).Append(LogEntries.Encode(accepted), cancellationToken);
}
