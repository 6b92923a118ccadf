using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Accord.Core.Tls;
using Accord.IntegrationTests.Infrastructure;
using Accord.Server.Security;

namespace Accord.IntegrationTests.Cluster;

/// <summary>
/// Who the silos' mutual TLS takes for a member (<see cref="ClusterTls.Member"/>): a certificate that chains to the
/// cluster CA, or the pinned cluster certificate itself, whatever the system thought of its chain or name; nothing
/// else. Each case is also a real handshake in OrleansPortTests; here, without a silo.
/// </summary>
public sealed class ClusterMemberTests : IDisposable
{
    private const SslPolicyErrors UntrustedByTheSystem = SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch;
    private readonly TestCertificates _certificates = new();

    [Fact]
    public void Member_CertificateFromTheClusterCa_Accepted()
    {
        var silo = _certificates.Cluster("cluster", "silo")["silo"];

        Assert.True(Accepts(silo.Ca, silo.Certificate, UntrustedByTheSystem));
    }

    [Fact]
    public void Member_CertificateFromAnotherCa_Refused()
    {
        var cluster = _certificates.Cluster("cluster", "silo")["silo"];
        var stranger = _certificates.Cluster("other", "silo")["silo"];

        Assert.False(Accepts(cluster.Ca, stranger.Certificate, UntrustedByTheSystem));
    }

    [Fact]
    public void Member_PinnedSelfSignedCertificate_AcceptedAndAnyOtherRefused()
    {
        var (pinned, _) = _certificates.SelfSigned("pinned");
        var (other, _) = _certificates.SelfSigned("other");

        Assert.True(Accepts(pinned, pinned, UntrustedByTheSystem));
        Assert.False(Accepts(pinned, other, UntrustedByTheSystem));
    }

    [Fact]
    public void Member_NoCertificateFromThePeer_Refused()
    {
        var silo = _certificates.Cluster("cluster", "silo")["silo"];

        Assert.False(Accepts(silo.Ca, silo.Certificate, SslPolicyErrors.RemoteCertificateNotAvailable));
    }

    public void Dispose() => _certificates.Dispose();

    private static bool Accepts(string caPath, string certificatePath, SslPolicyErrors errors)
    {
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(certificatePath);
        return ClusterTls.Member(PrivateRoots.Load(caPath))(certificate, chain: null, errors);
    }
}
