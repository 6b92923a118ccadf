using Accord.Core.Attestation;
using Accord.Core.Keys;
using Accord.Protos.Signing;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace Accord.Cli.Commands;

/// <summary>
/// The benchmarks' fleet: an inspector and a lab registered on a server, a test manufacturer root the
/// inspector adds to the server's trust store, and devices with real X.509 chains from that root, each
/// enrolled by the lab with a reporting key certified by its identity key over a fresh challenge.
/// </summary>
public sealed class BenchFleet
{
    private BenchFleet(string labId, PartyKeyPair lab, List<BenchDevice> devices)
    {
        LabId = labId;
        LabKey = lab;
        Devices = devices;
    }

    /// <summary>The lab's party id.</summary>
    public string LabId { get; }

    /// <summary>The lab's key: it signs the stream hellos.</summary>
    public PartyKeyPair LabKey { get; }

    public IReadOnlyList<BenchDevice> Devices { get; }

    /// <summary>
    /// Registers "<paramref name="prefix"/>-inspector" and "<paramref name="prefix"/>-lab", trusts a fresh
    /// test manufacturer and enrols <paramref name="count"/> H100s named "<paramref name="devicePrefix"/>-00000", ...
    /// </summary>
    public static async Task<BenchFleet> CreateAsync(GrpcChannel channel, int count, string prefix, string devicePrefix, CancellationToken cancellationToken)
    {
        var registry = new RegistryService.RegistryServiceClient(channel);
        var deviceService = new DeviceService.DeviceServiceClient(channel);
        using var inspector = PartyKeyPair.Generate();
        var lab = PartyKeyPair.Generate();
        var inspectorId = prefix + "-inspector";
        var labId = prefix + "-lab";
        await Register(registry, inspectorId, inspector, PartyRole.Inspector, cancellationToken);
        await Register(registry, labId, lab, PartyRole.Lab, cancellationToken);
        var manufacturer = TestManufacturer.Create($"Bench Fab {prefix}", DateTimeOffset.UtcNow);
        await deviceService.AddTrustRootAsync(new AddTrustRootRequest
        {
            Envelope = RequestSigning.Sign(new TrustRootAddition { Header = RequestSigning.Header(inspectorId), CertificateDer = ByteString.CopyFrom(manufacturer.RootDer), Label = $"Bench Fab {prefix}" }, inspector),
        }, cancellationToken: cancellationToken);

        var devices = new List<BenchDevice>();
        for (var i = 0; i < count; i++)
        {
            var identity = manufacturer.IssueDevice($"{devicePrefix}-{i:D5}", DateTimeOffset.UtcNow);
            var enrolment = new DeviceEnrolment { Header = RequestSigning.Header(labId), Model = DeviceModel.H100Sxm };
            enrolment.CertificateChain.AddRange(identity.ChainDer.Select(ByteString.CopyFrom));
            await deviceService.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = RequestSigning.Sign(enrolment, lab) }, cancellationToken: cancellationToken);
            var nonce = (await deviceService.GetChallengeAsync(new GetChallengeRequest { DeviceId = identity.DeviceId }, cancellationToken: cancellationToken)).Nonce;
            var reportingKey = PartyKeyPair.Generate();
            var statement = new ReportingKeyStatement
            {
                DeviceId = identity.DeviceId,
                BootEpoch = 1,
                ReportingPublicKey = ByteString.CopyFrom(reportingKey.PublicKey.ToBytes()),
                NotBefore = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-30)),
                NotAfter = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
                ChallengeNonce = nonce,
            }.ToByteArray();
            var submission = new ReportingKeySubmission
            {
                Header = RequestSigning.Header(labId),
                Certificate = new ReportingKeyCertificate { Statement = ByteString.CopyFrom(statement), Signature = ByteString.CopyFrom(identity.SignDer(statement)) },
            };
            await deviceService.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = RequestSigning.Sign(submission, lab) }, cancellationToken: cancellationToken);
            devices.Add(new BenchDevice(identity.DeviceId, reportingKey, nonce));
        }

        return new BenchFleet(labId, lab, devices);
    }

    /// <summary>The signed hello that opens a monitoring stream for the lab.</summary>
    public StreamRequest Hello(string agent) =>
        new() { Hello = RequestSigning.Sign(new MonitoringHello { Header = RequestSigning.Header(LabId), Agent = agent }, LabKey) };

    private static Task Register(RegistryService.RegistryServiceClient registry, string id, PartyKeyPair key, PartyRole role, CancellationToken cancellationToken) =>
        registry.RegisterPartyAsync(new RegisterPartyRequest
        {
            Envelope = RequestSigning.Sign(new PartyRegistration { Header = RequestSigning.Header(id), DisplayName = id, Roles = { role }, PublicKey = ByteString.CopyFrom(key.PublicKey.ToBytes()) }, key),
        }, cancellationToken: cancellationToken).ResponseAsync;
}

/// <summary>An enrolled benchmark device: its id, its certified reporting key (epoch 1) and the challenge it last saw.</summary>
public sealed class BenchDevice(string deviceId, PartyKeyPair reportingKey, ByteString nonce)
{
    public string DeviceId { get; } = deviceId;

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

    /// <summary>The signed report with <paramref name="sequence"/> over [<paramref name="start"/>, start + <paramref name="length"/>], busy half the time.</summary>
    public Envelope Report(ulong sequence, DateTimeOffset start, TimeSpan length)
    {
        var slot = new Agent.Reports.ReportSlot(DeviceId, 1, sequence, start, nonce.ToByteArray());
        var sample = new Agent.Chips.ChipSample(length.TotalSeconds, 0.5, 550, "bench-run", []);
        return Agent.Reports.MonitoringReports.Sign(Agent.Reports.MonitoringReports.Build(slot, start + length, sample, DeviceModel.H100Sxm), reportingKey);
    }
}
