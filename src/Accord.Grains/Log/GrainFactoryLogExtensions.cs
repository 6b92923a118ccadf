using Accord.Grains.Abstractions.Log;
using Accord.Grains.Common;

namespace Accord.Grains.Log;

/// <summary>How a registry grain logs the signed object it accepts, before it records the effect.</summary>
public static class GrainFactoryLogExtensions
{
    /// <summary>Appends <paramref name="accepted"/>'s log entry (<see cref="IWireFormat.LogEntry"/>) to the transparency log.</summary>
    public static Task<LogReceipt> LogAsync(this IGrainFactory grains, IWireFormat wire, StoredEnvelope accepted, CancellationToken cancellationToken) =>
        grains.GetGrain<ILogGrain>(ILogGrain.Key).Append(wire.LogEntry(accepted), cancellationToken);
}
