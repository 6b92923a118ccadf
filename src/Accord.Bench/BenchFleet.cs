using Accord.Agent.Chips;
using Accord.Client;
using Accord.Client.Devices;
using Accord.Core.Attestation;
using Accord.Core.Keys;
using Accord.DevTools;
using Accord.Fleets;
using Accord.Protos.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Accord.Bench;

/// <summary>
/// The benchmarks' fleet, set up through <see cref="LiveFleet"/>: an inspector and a lab registered on a
/// server, a fresh test manufacturer root the inspector trusts, and devices from that root enrolled by
/// the lab with reporting keys certified over fresh challenges.
/// </summary>
public sealed class BenchFleet
{
    private BenchFleet((string Id, PartyKeyPair Key) lab, List<BenchDevice> devices)
    {
        Lab = lab;
        Devices = devices;
    }

    /// <summary>The lab: its id, and its key, which signs the stream hellos.</summary>
    public (string Id, PartyKeyPair Key) Lab { get; }

    public IReadOnlyList<BenchDevice> Devices { get; }

    /// <summary>
    /// Registers "<paramref name="prefix"/>-inspector" and "<paramref name="prefix"/>-lab", trusts a fresh
    /// test manufacturer and enrols <paramref name="count"/> H100s named "<paramref name="devicePrefix"/>-00000", ...
    /// The inspector's role is granted with <paramref name="governance"/>.
    /// </summary>
    public static async Task<BenchFleet> CreateAsync(GrpcChannel channel, int count, string prefix, string devicePrefix, IReadOnlyList<PartyKeyPair> governance, CancellationToken cancellationToken)
    {
        var live = new LiveFleet(channel, governance);
        var inspector = await live.RegisterAsync(prefix + "-inspector", prefix + "-inspector", PartyRole.Inspector, cancellationToken);
        var lab = await live.RegisterAsync(prefix + "-lab", prefix + "-lab", PartyRole.Lab, cancellationToken);
        var fab = TestManufacturer.Create($"Bench Fab {prefix}", DateTimeOffset.UtcNow);
        await live.TrustAsync(inspector, fab, $"Bench Fab {prefix}", cancellationToken);
        var devices = new List<BenchDevice>(count);
        for (var i = 0; i < count; i++)
        {
            var device = await live.EnrolAsync(fab, lab, $"{devicePrefix}-{i:D5}", DeviceModel.H100Sxm, DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(1), cancellationToken);
            devices.Add(new BenchDevice(device));
        }

        inspector.Key.Dispose();
        return new BenchFleet(lab, devices);
    }

    /// <summary>Opens a monitoring stream for the lab on <paramref name="channel"/>.</summary>
    public Task<MonitoringStream> OpenStreamAsync(ChannelBase channel, string agent, CancellationToken cancellationToken) =>
        MonitoringStream.OpenAsync(new MonitoringService.MonitoringServiceClient(channel), Lab.Id, Lab.Key, agent, cancellationToken);
}

/// <summary>An enrolled benchmark device; its reports are busy half the time.</summary>
public sealed class BenchDevice(LiveDevice device)
{
    public string DeviceId => device.Identity.DeviceId;

    /// <summary><paramref name="count"/> consecutive 60-second reports (sequence 1, 2, ...) ending before now.</summary>
    public List<Envelope> Reports(int count)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-count - 1);
        var list = new List<Envelope>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(Report((ulong)i + 1, start.AddMinutes(i), TimeSpan.FromMinutes(1)));
        }

        return list;
    }

    /// <summary>The signed report with <paramref name="sequence"/> over [<paramref name="start"/>, start + <paramref name="length"/>].</summary>
    public Envelope Report(ulong sequence, DateTimeOffset start, TimeSpan length) =>
        LiveFleet.SignReport(device, sequence, start, start + length, new ChipSample(length.TotalSeconds, 0.5, 550, "bench-run", []), DeviceModel.H100Sxm);
}
