using Accord.Agent.Keys;
using Accord.Agent.Tests.Infrastructure;
using Accord.Core.Envelopes;
using Accord.Core.Keys;
using Accord.Protos.V1;

namespace Accord.Agent.Tests.Keys;

public sealed class ReportingKeyCertificatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Nonce = Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray();

    [Fact]
    public void Certify_Statement_SignatureVerifiesWithTheIdentityPublicKeyOverTheSentBytes()
    {
        using var identity = new TestDeviceIdentity("GPU-0001");
        using var reportingKey = PartyKeyPair.Generate();
        var statement = ReportingKeyCertificates.Statement("GPU-0001", 1_780_000_000, reportingKey.PublicKey, Now, Now.AddHours(24), Nonce);

        var certificate = ReportingKeyCertificates.Certify(statement, identity);

        Assert.True(TestDeviceIdentity.Verify(identity.PublicKeyInfo, certificate.Statement.Span, certificate.Signature.Span));
        var sent = ReportingKeyStatement.Parser.ParseFrom(certificate.Statement);
        Assert.Equal("GPU-0001", sent.DeviceId);
        Assert.Equal(1_780_000_000UL, sent.BootEpoch);
        Assert.Equal(reportingKey.PublicKey.ToBytes(), sent.ReportingPublicKey.ToByteArray());
        Assert.Equal(Now, sent.NotBefore.ToDateTimeOffset());
        Assert.Equal(Now.AddHours(24), sent.NotAfter.ToDateTimeOffset());
        Assert.Equal(Nonce, sent.ChallengeNonce.ToByteArray());
    }

    [Fact]
    public void Certify_SignatureOverOtherBytes_DoesNotVerify()
    {
        using var identity = new TestDeviceIdentity("GPU-0001");
        using var other = new TestDeviceIdentity("GPU-0001");
        using var reportingKey = PartyKeyPair.Generate();
        var certificate = ReportingKeyCertificates.Certify(
            ReportingKeyCertificates.Statement("GPU-0001", 5, reportingKey.PublicKey, Now, Now.AddHours(1), Nonce), identity);
        var changed = certificate.Statement.ToByteArray();
        changed[^1] ^= 1;

        Assert.False(TestDeviceIdentity.Verify(identity.PublicKeyInfo, changed, certificate.Signature.Span));
        Assert.False(TestDeviceIdentity.Verify(other.PublicKeyInfo, certificate.Statement.Span, certificate.Signature.Span));
    }

    [Fact]
    public void Certify_StatementOfAnotherDevice_Throws()
    {
        using var identity = new TestDeviceIdentity("GPU-0001");
        using var reportingKey = PartyKeyPair.Generate();
        var statement = ReportingKeyCertificates.Statement("GPU-0002", 5, reportingKey.PublicKey, Now, Now.AddHours(1), Nonce);

        Assert.Throws<ArgumentException>(() => ReportingKeyCertificates.Certify(statement, identity));
    }

    [Fact]
    public void Submission_IsSignedByTheLabWithAFreshHeader()
    {
        using var identity = new TestDeviceIdentity("GPU-0001");
        using var reportingKey = PartyKeyPair.Generate();
        using var lab = PartyKeyPair.Generate();
        var certificate = ReportingKeyCertificates.Certify(
            ReportingKeyCertificates.Statement("GPU-0001", 5, reportingKey.PublicKey, Now, Now.AddHours(1), Nonce), identity);

        var envelope = ReportingKeyCertificates.Submission(certificate, "lab-a", lab, Now);

        Assert.Equal("accord.v1.ReportingKeySubmission", envelope.PayloadType);
        var core = new SignedEnvelope(envelope.PayloadType, envelope.Payload.ToByteArray(),
            envelope.Signatures.Select(s => new EnvelopeSignature(s.KeyId, s.Sig.ToByteArray())).ToList());
        Assert.Equal(EnvelopeCheck.Valid, EnvelopeVerifier.Verify(core, lab.PublicKey));
        var submission = ReportingKeySubmission.Parser.ParseFrom(envelope.Payload);
        Assert.Equal("lab-a", submission.Header.PartyId);
        Assert.Equal(Now, submission.Header.IssuedAt.ToDateTimeOffset());
        Assert.InRange(submission.Header.Nonce.Length, 16, 128);
        Assert.Equal(certificate, submission.Certificate);
    }

    [Theory]
    [InlineData(0UL, 1_780_000_000L, 1_780_000_000UL)]
    [InlineData(1_780_000_000UL, 1_780_000_000L, 1_780_000_001UL)]
    [InlineData(1_790_000_000UL, 1_780_000_000L, 1_790_000_001UL)]
    [InlineData(5UL, 1_780_000_123L, 1_780_000_123UL)]
    public void NextEpoch_IsMaxOfPreviousPlusOneAndUnixSeconds(ulong previous, long unixSeconds, ulong expected) =>
        Assert.Equal(expected, ReportingKeyCertificates.NextEpoch(previous, DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));
}
