using Accord.Client;
using Accord.Protos.V1;

namespace Accord.Web.Reading;

/// <summary>The web app's clients of the Accord servers it fronts (one failover channel for the whole app).</summary>
public sealed class AccordServers(FailoverCallInvoker channel) : IDisposable
{
    public RegistryService.RegistryServiceClient Registry { get; } = new(channel);

    public ComplianceService.ComplianceServiceClient Compliance { get; } = new(channel);

    public TransparencyLogService.TransparencyLogServiceClient Log { get; } = new(channel);

    public DeviceService.DeviceServiceClient Devices { get; } = new(channel);

    public NegotiationService.NegotiationServiceClient Negotiation { get; } = new(channel);

    /// <summary>The servers, in the order they are tried.</summary>
    public IReadOnlyList<Uri> Addresses => channel.Servers;

    public void Dispose() => channel.Dispose();
}
