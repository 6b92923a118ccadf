using Accord.Client;
using Accord.Client.Devices;
using Accord.Core.Attestation;
using Accord.Core.Keys;
using Accord.DevTools;
using Accord.IntegrationTests.Infrastructure;
using Accord.Protos.V1;
using Accord.Testing;
using Accord.Testing.Server;
using Google.Protobuf;
using Grpc.Core;

namespace Accord.IntegrationTests.Devices;

/// <summary>Trust, enrolment and reporting keys through the real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class DeviceEnrolmentTests(AccordServerFixture server)
{
    [Fact]
    public async Task EnrolDevice_ChainToTrustedRootWithSimulatedEvidence_EnrolledWithMeasurements()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.NewDevice();
        var nonce = await kit.ChallengeAsync(device.DeviceId);
        var evidence = Accord.DevTools.SimulatedSpdmEvidence.Build(device, nonce);

        var response = await kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(kit.Lab, device.ChainDer, evidence) });

        Assert.Equal(device.DeviceId, response.Device.DeviceId);
        Assert.Equal(kit.Lab.Id, response.Device.PartyId);
        Assert.Equal(DeviceCertificate.Parse(kit.Manufacturer.RootDer).Sha256, response.Device.RootSha256);
        Assert.Equal(4, response.Device.Measurements.Count);
        Assert.Equal("good", response.Device.Revocation);
        Assert.True(response.Receipt.Index >= 0);
    }

    [Fact]
    public async Task EnrolDevice_EvidenceWithAnotherNonce_FailedPreconditionAndNotEnrolled()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.NewDevice();
        await kit.ChallengeAsync(device.DeviceId);
        var evidence = Accord.DevTools.SimulatedSpdmEvidence.Build(device, new byte[32]);

        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "NONCE_MISMATCH",
            () => kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(kit.Lab, device.ChainDer, evidence) }).ResponseAsync);

        await AssertNotEnrolled(kit, device.DeviceId);
    }

    [Fact]
    public async Task EnrolDevice_ChainToUntrustedRoot_FailedPreconditionUntrustedRoot()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var stranger = TestManufacturer.Create("Untrusted Fab", DateTimeOffset.UtcNow).IssueDevice("GPU-" + Guid.NewGuid().ToString("N")[..10], DateTimeOffset.UtcNow);

        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "UNTRUSTED_ROOT",
            () => kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(kit.Lab, stranger.ChainDer) }).ResponseAsync);

        await AssertNotEnrolled(kit, stranger.DeviceId);
    }

    [Fact]
    public async Task EnrolDevice_ExpiredLeaf_FailedPreconditionExpired()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var expired = kit.Manufacturer.IssueDevice("GPU-OLD-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow.AddDays(-400), TimeSpan.FromDays(365));

        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "EXPIRED",
            () => kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(kit.Lab, expired.ChainDer) }).ResponseAsync);

        await AssertNotEnrolled(kit, expired.DeviceId);
    }

    [Fact]
    public async Task EnrolDevice_RevokedIntermediate_FailedPreconditionRevoked()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.NewDevice();
        await kit.Devices.RevokeCertificateAsync(new RevokeCertificateRequest
        {
            Envelope = kit.Inspector.Sign(new TrustRevocation { Header = RequestSigning.Header(kit.Inspector.Id), CertificateSha256 = DeviceCertificate.Parse(kit.Manufacturer.IntermediateDer).Sha256, Reason = "key compromise" }),
        });

        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "REVOKED",
            () => kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(kit.Lab, device.ChainDer) }).ResponseAsync);

        await AssertNotEnrolled(kit, device.DeviceId);
    }

    [Fact]
    public async Task EnrolDevice_LeafWithWrongKeyUsage_FailedPreconditionKeyUsage()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.Manufacturer.IssueDevice("GPU-KU-" + Guid.NewGuid().ToString("N")[..8], DateTimeOffset.UtcNow, keyUsage: Org.BouncyCastle.Asn1.X509.KeyUsage.KeyCertSign);

        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "KEY_USAGE",
            () => kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(kit.Lab, device.ChainDer) }).ResponseAsync);
    }

    [Fact]
    public async Task EnrolDevice_SquattedWithoutEvidence_TheHolderProvesPossessionAndTakesItOver()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.NewDevice();
        var squatter = await TestParty.RegisterAsync(server.Registry, "lab");

        // Anyone can copy a device's public chain and enrol it without evidence: provisional.
        var squatted = (await kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(squatter, device.ChainDer) })).Device;
        Assert.Equal(squatter.Id, squatted.PartyId);

        // Without evidence the holder is refused too, and told how to contest.
        var refused = await Assert.ThrowsAsync<RpcException>(() => kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(kit.Lab, device.ChainDer) }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, refused.StatusCode);
        Assert.Contains("contest", refused.Status.Detail, StringComparison.Ordinal);

        // With evidence over a fresh challenge (only the holder of the identity key can give it) the holder takes the device over.
        var nonce = (await DeviceChallenges.RequestAsync(kit.Devices, device.DeviceId, kit.Lab.Id, kit.Lab.Key, CancellationToken.None)).Nonce.ToByteArray();
        var taken = await kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(kit.Lab, device.ChainDer, SimulatedSpdmEvidence.Build(device, nonce)) });
        Assert.Equal(kit.Lab.Id, taken.Device.PartyId);
        Assert.NotEmpty(taken.Device.Measurements);
        Assert.True(taken.Receipt.Index > 0);

        // Enrolled with evidence, it cannot be contested again, not even by the squatter with evidence of its own making.
        var again = await Assert.ThrowsAsync<RpcException>(() => kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(squatter, device.ChainDer) }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
        Assert.Contains("with evidence", again.Status.Detail, StringComparison.Ordinal);
        var reread = (await kit.Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = device.DeviceId })).Device;
        Assert.Equal(kit.Lab.Id, reread.PartyId);

        // The device listing names the holder too.
        var listed = (await kit.Devices.ListDevicesAsync(new ListDevicesRequest { PartyId = kit.Lab.Id })).Devices.Single(d => d.DeviceId == device.DeviceId);
        Assert.Equal(kit.Lab.Id, listed.PartyId);
    }

    [Fact]
    public async Task EnrolDevice_Twice_RefusedAndByAnotherLabRefused()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.NewDevice();
        var first = await kit.EnrolAsync(device);
        var otherLab = await TestParty.RegisterAsync(server.Registry, "lab");

        await Refusals.AssertRefusedAsync(StatusCode.AlreadyExists, "ALREADY_ENROLLED",
            () => kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(kit.Lab, device.ChainDer) }).ResponseAsync);
        await Refusals.AssertRefusedAsync(StatusCode.AlreadyExists, "ENROLLED_BY_ANOTHER_PARTY",
            () => kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(otherLab, device.ChainDer) }).ResponseAsync);

        var reread = (await kit.Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = device.DeviceId })).Device;
        Assert.Equal(first.EnrolledAt, reread.EnrolledAt);
        Assert.Equal(kit.Lab.Id, reread.PartyId);
    }

    [Fact]
    public async Task EnrolDevice_RealNvidiaChain_EnrolledWithRevocationUnknownButRecordedEvidenceCannotAnswerAChallenge()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var root = DeviceCertificate.ParsePemChain(await File.ReadAllTextAsync(SharedFolder.PathOf("vectors", "nvidia", "nvidia-device-identity-root.pem")))[0].Der;
        var chain = DeviceCertificate.ParsePemChain(await File.ReadAllTextAsync(SharedFolder.PathOf("vectors", "nvidia", "hopper-cert-chain.pem"))).Select(c => c.Der).ToList();
        var report = Accord.Cli.Commands.DeviceCommands.ReadReport(SharedFolder.PathOf("vectors", "nvidia", "hopper-attestation-report.hex"));
        var deviceId = DeviceCertificate.Parse(chain[0]).SubjectSerialNumber!;
        var trusted = (await kit.Devices.ListTrustAsync(new ListTrustRequest())).Roots.Any(r => r.CertificateSha256 == DeviceCertificate.Parse(root).Sha256);
        if (!trusted)
        {
            await kit.TrustAsync(root);
        }

        var existing = (await Accord.Client.Listings.DevicesAsync(kit.Devices)).FirstOrDefault(d => d.DeviceId == deviceId);
        if (existing is null)
        {
            await kit.ChallengeAsync(deviceId);
            await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "NONCE_MISMATCH",
                () => kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(kit.Lab, chain, report) }).ResponseAsync);
            existing = (await kit.Devices.EnrolDeviceAsync(new EnrolDeviceRequest { Envelope = kit.Enrolment(kit.Lab, chain) })).Device;
        }

        Assert.Equal(deviceId, existing.DeviceId);
        Assert.Equal("unknown", existing.Revocation);
    }

    [Fact]
    public async Task SubmitReportingKey_ReusedOrUnknownChallenge_Refused()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.NewDevice();
        await kit.EnrolAsync(device);
        using var key = PartyKeyPair.Generate();
        var nonce = await kit.ChallengeAsync(device.DeviceId);
        await kit.Devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = kit.ReportingKeySubmission(device, key, 1, nonce) });

        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "REUSED_CHALLENGE",
            () => kit.Devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = kit.ReportingKeySubmission(device, key, 2, nonce) }).ResponseAsync);
        await Refusals.AssertRefusedAsync(StatusCode.FailedPrecondition, "UNKNOWN_CHALLENGE",
            () => kit.Devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = kit.ReportingKeySubmission(device, key, 3, new byte[32]) }).ResponseAsync);

        Assert.Equal(1ul, (await kit.Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = device.DeviceId })).Device.BootEpoch);
    }

    [Fact]
    public async Task SubmitReportingKey_SignedByAnotherDevicesKey_UnauthenticatedBadSignature()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var device = kit.NewDevice();
        var impostor = kit.NewDevice();
        await kit.EnrolAsync(device);
        using var key = PartyKeyPair.Generate();
        var nonce = await kit.ChallengeAsync(device.DeviceId);
        var submission = kit.ReportingKeySubmission(device, key, 1, nonce);
        var payload = ReportingKeySubmission.Parser.ParseFrom(submission.Payload);
        payload.Certificate.Signature = ByteString.CopyFrom(impostor.SignDer(payload.Certificate.Statement.Span));
        payload.Header = RequestSigning.Header(kit.Lab.Id);

        await Refusals.AssertRefusedAsync(StatusCode.Unauthenticated, "BAD_SIGNATURE",
            () => kit.Devices.SubmitReportingKeyAsync(new SubmitReportingKeyRequest { Envelope = kit.Lab.Sign(payload) }).ResponseAsync);
    }

    [Fact]
    public async Task AddTrustRoot_ByLab_PermissionDenied()
    {
        var kit = await DeviceKit.CreateAsync(server);
        var other = TestManufacturer.Create("Self-declared Fab", DateTimeOffset.UtcNow);

        await Refusals.AssertRefusedAsync(StatusCode.PermissionDenied, "NOT_AN_INSPECTOR",
            () => kit.Devices.AddTrustRootAsync(new AddTrustRootRequest
            {
                Envelope = kit.Lab.Sign(new TrustRootAddition { Header = RequestSigning.Header(kit.Lab.Id), CertificateDer = ByteString.CopyFrom(other.RootDer) }),
            }).ResponseAsync);

        var roots = (await kit.Devices.ListTrustAsync(new ListTrustRequest())).Roots;
        Assert.DoesNotContain(roots, r => r.CertificateSha256 == DeviceCertificate.Parse(other.RootDer).Sha256);
    }

    private static async Task AssertNotEnrolled(DeviceKit kit, string deviceId) =>
        await Refusals.AssertRefusedAsync(StatusCode.NotFound, "UNKNOWN_DEVICE",
            () => kit.Devices.GetDeviceAsync(new GetDeviceRequest { DeviceId = deviceId }).ResponseAsync);
}
