using Accord.Client;
using Accord.Core.Attestation;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.DevTools;
using Accord.Protos.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Accord.Testing;

/// <summary>
/// Everything a device test needs on a real server: a test manufacturer whose root an inspector
/// trusts, a lab, and helpers to enrol devices, certify reporting keys and stream signed reports.
/// </summary>
public sealed class DeviceKit
{
    private readonly GrpcChannel _channel;

    private DeviceKit(GrpcChannel channel, TestManufacturer manufacturer, TestParty inspector, TestParty lab)
    {
        _channel = channel;
        Manufacturer = manufacturer;
        Inspector = inspector;
        Lab = lab;
    }

    public TestManufacturer Manufacturer { get; }

    public TestParty Inspector { get; }

    public TestParty Lab { get; }

    public DeviceService.DeviceServiceClient Devices => new(_channel);

    public MonitoringService.MonitoringServiceClient Monitoring => new(_channel);

    public static Task<DeviceKit> CreateAsync(ITestServer server) => CreateAsync(server.Channel);

    /// <summary>The kit on whichever server <paramref name="channel"/> reaches.</summary>
    public static async Task<DeviceKit> CreateAsync(GrpcChannel channel)
    {
        var registry = new RegistryService.RegistryServiceClient(channel);
        var inspector = await TestParty.RegisterAsync(registry, "insp", PartyRole.Inspector);
        var lab = await TestParty.RegisterAsync(registry, "lab");
        var manufacturer = TestManufacturer.Create("Kit Manufacturer " + Guid.NewGuid().ToString("N")[..6], DateTimeOffset.UtcNow);
        var kit = new DeviceKit(channel, manufacturer, inspector, lab);
        await kit.TrustAsync(manufacturer.RootDer);
        return kit;
    }

    public async Task TrustAsync(byte[] rootDer) =>
        await Devices.AddTrustRootAsync(new AddTrustRootRequest
        {
            Envelope = Inspector.Sign(new TrustRootAddition { Header = RequestSigning.Header(Inspector.Id), CertificateDer = ByteString.CopyFrom(rootDer), Label = "test" }),
        });

    public DeviceIdentity NewDevice() => Manufacturer.IssueDevice("GPU-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant(), DateTimeOffset.UtcNow);

    public Envelope Enrolment(TestParty lab, IReadOnlyList<byte[]> chain, byte[]? evidence = null, DeviceModel model = DeviceModel.H100Sxm)
    {
        var enrolment = new DeviceEnrolment { Header = RequestSigning.Header(lab.Id), Model = model };
        enrolment.CertificateChain.AddRange(chain.Select(ByteString.CopyFrom));
        if (evidence is not null)
        {
            enrolment.Evidence = new SpdmEvidence { Report = ByteString.CopyFrom(evidence) };
        }

        return lab.Sign(enrolment);
    }

    public async Task<DeviceRecord> EnrolAsync(DeviceIdentity device, TestParty? lab = null) =>
        (await Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = Enrolment(lab ?? Lab, device.ChainDer) })).Device;

    /// <summary>The device's record read as <paramref name="reader"/> (the kit's lab unless told): its totals shown when the reader may see them.</summary>
    public async Task<DeviceRecord> ReadDeviceAsync(string deviceId, TestParty? reader = null)
    {
        var as_ = reader ?? Lab;
        return (await Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = deviceId, Reader = as_.Sign(new DevicesReader { Header = RequestSigning.Header(as_.Id) }) })).Device;
    }

    public async Task<byte[]> ChallengeAsync(string deviceId) =>
        (await Devices.GetChallengeAsync(new GetChallengeRequest { DeviceId = deviceId })).Nonce.ToByteArray();

    public Envelope ReportingKeySubmission(DeviceIdentity device, PartyKeyPair reportingKey, ulong epoch, byte[] nonce, TestParty? lab = null)
    {
        var now = DateTimeOffset.UtcNow;
        var statement = new ReportingKeyStatement
        {
            DeviceId = device.DeviceId,
            BootEpoch = epoch,
            ReportingPublicKey = ByteString.CopyFrom(reportingKey.PublicKey.ToBytes()),
            NotBefore = Timestamp.FromDateTimeOffset(now.AddHours(-2)),
            NotAfter = Timestamp.FromDateTimeOffset(now.AddHours(1)),
            ChallengeNonce = ByteString.CopyFrom(nonce),
        }.ToByteArray();
        var who = lab ?? Lab;
        return who.Sign(new Protos.V1.ReportingKeySubmission
        {
            Header = RequestSigning.Header(who.Id),
            Certificate = new ReportingKeyCertificate { Statement = ByteString.CopyFrom(statement), Signature = ByteString.CopyFrom(device.SignDer(statement)) },
        });
    }

    /// <summary>Enrols a device and certifies a reporting key for epoch 1; returns the reporter.</summary>
    public async Task<Reporter> ReadyDeviceAsync(TestParty? lab = null)
    {
        var device = NewDevice();
        await EnrolAsync(device, lab);
        var key = PartyKeyPair.Generate();
        var nonce = await ChallengeAsync(device.DeviceId);
        await Devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = ReportingKeySubmission(device, key, 1, nonce, lab) });
        return new Reporter(device, key, 1, nonce);
    }

    /// <summary>Opens a stream as <paramref name="lab"/>, sends the batches one by one, and returns each acknowledgement.</summary>
    public async Task<List<BatchAck>> StreamAsync(TestParty lab, params IReadOnlyList<Envelope>[] batches)
    {
        using var call = Monitoring.Stream();
        await call.RequestStream.WriteAsync(new StreamRequest { Hello = lab.Sign(new MonitoringHello { Header = RequestSigning.Header(lab.Id), Agent = "test" }) });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StreamResponse.KindOneofCase.Opened, call.ResponseStream.Current.KindCase);
        var acks = new List<BatchAck>();
        for (var i = 0; i < batches.Length; i++)
        {
            var batch = new ReportBatch { BatchId = (ulong)i + 1 };
            batch.Reports.AddRange(batches[i]);
            await call.RequestStream.WriteAsync(new StreamRequest { Batch = batch });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            acks.Add(call.ResponseStream.Current.Ack);
        }

        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }

        return acks;
    }
}

/// <summary>A device with a certified reporting key that makes signed reports.</summary>
public sealed class Reporter(DeviceIdentity device, PartyKeyPair key, ulong epoch, byte[] nonce)
{
    public const double H100Bf16 = 989.4e12;

    public DeviceIdentity Device { get; } = device;

    public PartyKeyPair Key { get; } = key;

    public ulong Epoch { get; } = epoch;

    public byte[] Nonce { get; set; } = nonce;

    public ulong Sequence { get; private set; }

    public DateTimeOffset IntervalEnd { get; set; } = DateTimeOffset.UtcNow.AddMinutes(-30);

    /// <summary>The next report: the next sequence number over the next 10 seconds, at the given utilisation.</summary>
    public MonitoringReport Next(double utilization = 0.5, TimeSpan? length = null)
    {
        Sequence++;
        var start = IntervalEnd;
        IntervalEnd = start + (length ?? TimeSpan.FromSeconds(10));
        var seconds = (IntervalEnd - start).TotalSeconds;
        return new MonitoringReport
        {
            DeviceId = Device.DeviceId,
            BootEpoch = Epoch,
            Sequence = Sequence,
            IntervalStart = Timestamp.FromDateTimeOffset(start),
            IntervalEnd = Timestamp.FromDateTimeOffset(IntervalEnd),
            WorkloadId = "run-1",
            ActiveSeconds = seconds,
            Utilization = utilization,
            PowerWatts = 600,
            EstimatedFlop = seconds * H100Bf16 * utilization,
            Precision = Precision.Bf16,
            LastChallengeNonce = ByteString.CopyFrom(Nonce),
        };
    }

    public Envelope Sign(MonitoringReport report) =>
        RequestSigning.ToProto(EnvelopeSigner.Sign(MonitoringReport.Descriptor.FullName, report.ToByteArray(), Key));

    public Envelope NextSigned(double utilization = 0.5) => Sign(Next(utilization));
}
