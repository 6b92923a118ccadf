// Devices on a live server over the public gRPC contract (protos/accord/v1): attested enrolment against a test
// manufacturer root (X.509 chain, ECDSA P-384, simulated SPDM evidence over the server's challenge), reporting keys
// certified with the agent's ReportingKeyCertificates, reports built and signed by the agent's MonitoringReports
// (DSSE, Ed25519) and streamed over MonitoringService.Stream.
using Accord.Agent;
using Accord.Agent.Chips;
using Accord.Agent.Keys;
using Accord.Agent.Reports;
using Accord.Client;
using Accord.Client.Devices;
using Accord.Client.Governance;
using Accord.Core.Attestation;
using Accord.Core.Keys;
using Accord.DevTools;
using Accord.Protos.V1;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Accord.Fleets;

/// <summary>An enrolled device: its identity, its certified reporting key (boot epoch 1) and the challenge it last saw.</summary>
/// <param name="LabId">The lab that enrolled it.</param>
/// <param name="Identity">Its identity key and chain.</param>
/// <param name="ReportingKey">Its reporting key.</param>
/// <param name="Nonce">The challenge its reporting key certificate answered.</param>
public sealed record LiveDevice(string LabId, DeviceIdentity Identity, PartyKeyPair ReportingKey, ByteString Nonce);

/// <summary>
/// Registers parties, trusts a test manufacturer, enrols devices and streams their signed reports on a live
/// server: what `accord demo` and `accord simulate --server` share.
/// </summary>
/// <param name="channel">The server.</param>
/// <param name="governance">The governance keys that grant roles other than lab; none when only labs register.</param>
public sealed class LiveFleet(GrpcChannel channel, IReadOnlyList<PartyKeyPair>? governance = null)
{
    /// <summary>Most reports per batch on the stream (well under the server's 10,000 and a 256 KiB message).</summary>
    public const int BatchSize = 200;

    private readonly RegistryService.RegistryServiceClient registry = new(channel);
    private readonly DeviceService.DeviceServiceClient devices = new(channel);

    /// <summary>
    /// Registers <paramref name="id"/> with a new key in <paramref name="role"/>: a lab claims its role; any other
    /// registers with none and is granted it by a governance act signed with the fleet's governance keys.
    /// </summary>
    public async Task<(string Id, PartyKeyPair Key)> RegisterAsync(string id, string displayName, PartyRole role, CancellationToken cancellationToken)
    {
        if (role != PartyRole.Lab && (governance is null || governance.Count == 0))
        {
            throw new InvalidOperationException($"registering '{id}' as {role.ToString().ToLowerInvariant()} needs a governance key to grant the role (--governance-key)");
        }

        var key = PartyKeyPair.Generate();
        var registration = new PartyRegistration { Header = RequestSigning.Header(id), DisplayName = displayName, PublicKey = ByteString.CopyFrom(key.PublicKey.ToBytes()) };
        if (role == PartyRole.Lab)
        {
            registration.Roles.Add(role);
        }

        await registry.RegisterPartyAsync(new RegisterPartyRequest { Envelope = RequestSigning.Sign(registration, key) }, cancellationToken: cancellationToken);
        if (role != PartyRole.Lab)
        {
            await GovernanceActs.GrantRoleAsync(registry, id, role, $"{displayName}: {role.ToString().ToLowerInvariant()}", governance!, cancellationToken);
        }

        return (id, key);
    }

    /// <summary>The inspector adds <paramref name="fab"/>'s root to the trust store.</summary>
    public async Task TrustAsync((string Id, PartyKeyPair Key) inspector, TestManufacturer fab, string label, CancellationToken cancellationToken) =>
        await devices.AddTrustRootAsync(new AddTrustRootRequest
        {
            Envelope = RequestSigning.Sign(new TrustRootAddition { Header = RequestSigning.Header(inspector.Id), CertificateDer = ByteString.CopyFrom(fab.RootDer), Label = label }, inspector.Key),
        }, cancellationToken: cancellationToken);

    /// <summary>
    /// Enrols a device <paramref name="fab"/> issues as <paramref name="deviceId"/>, with SPDM evidence over a fresh
    /// challenge, then certifies a new reporting key for boot epoch 1, valid from <paramref name="notBefore"/> to
    /// <paramref name="notAfter"/>, over a second challenge.
    /// </summary>
    public async Task<LiveDevice> EnrolAsync(
        TestManufacturer fab,
        (string Id, PartyKeyPair Key) lab,
        string deviceId,
        DeviceModel model,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fab);
        var identity = fab.IssueDevice(deviceId, DateTimeOffset.UtcNow);
        await DeviceEnrolments.EnrolAsync(devices, lab.Id, lab.Key, identity.DeviceId, model, identity.ChainDer, nonce => SimulatedSpdmEvidence.Build(identity, nonce), cancellationToken);
        var reportingKey = PartyKeyPair.Generate();
        var nonce = (await DeviceChallenges.RequestAsync(devices, identity.DeviceId, lab.Id, lab.Key, cancellationToken)).Nonce;
        var statement = ReportingKeyCertificates.Statement(identity.DeviceId, 1, reportingKey.PublicKey, notBefore, notAfter, nonce.Span);
        var certificate = ReportingKeyCertificates.Certify(statement, new PemDeviceIdentity(identity));
        await devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = ReportingKeyCertificates.Submission(certificate, lab.Id, lab.Key, DateTimeOffset.UtcNow) }, cancellationToken: cancellationToken);
        return new LiveDevice(lab.Id, identity, reportingKey, nonce);
    }

    /// <summary>
    /// The device's signed report number <paramref name="sequence"/> over [<paramref name="start"/>,
    /// <paramref name="end"/>] of what <paramref name="sample"/> says, built by the agent's report builder;
    /// <paramref name="estimatedFlop"/>, when given, replaces the builder's estimate before signing.
    /// </summary>
    public static Envelope SignReport(LiveDevice device, ulong sequence, DateTimeOffset start, DateTimeOffset end, ChipSample sample, DeviceModel model, double? estimatedFlop = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        var slot = new ReportSlot(device.Identity.DeviceId, 1, sequence, start, device.Nonce.ToByteArray());
        var report = MonitoringReports.Build(slot, end, sample, model);
        if (estimatedFlop is { } flop)
        {
            report.EstimatedFlop = flop;
        }

        return MonitoringReports.Sign(report, device.ReportingKey);
    }

    /// <summary>Streams <paramref name="reports"/> for <paramref name="lab"/> on one stream, <see cref="BatchSize"/> at a time, and returns every ack's results in order.</summary>
    public async Task<IReadOnlyList<ReportResult>> StreamAsync((string Id, PartyKeyPair Key) lab, IReadOnlyList<Envelope> reports, string agent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reports);
        using var stream = await MonitoringStream.OpenAsync(new MonitoringService.MonitoringServiceClient(channel), lab.Id, lab.Key, agent, cancellationToken);
        var results = new List<ReportResult>(reports.Count);
        foreach (var batch in reports.Chunk(BatchSize))
        {
            results.AddRange((await stream.SendAsync(batch, cancellationToken)).Results);
        }

        await stream.CompleteAsync(cancellationToken);
        return results;
    }
}
