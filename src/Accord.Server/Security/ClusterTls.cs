// Mutual TLS on a silo's Orleans connections (TLS 1.2/1.3, RFC 8446 section 4.3.2 certificate requests; RFC 5280
// path validation to the cluster's own roots through Accord.Core.Tls.PrivateRoots), with Orleans' connection
// middleware (Microsoft.Orleans.Connections.Security): the silo port, the gateway port when there is one, and every
// connection the silo opens to another silo.
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Accord.Core.Tls;
using Orleans.Connections.Security;

namespace Accord.Server.Security;

/// <summary>Closes a silo's Orleans ports to everything that does not hold a certificate of the cluster.</summary>
public static class ClusterTls
{
    /// <summary>
    /// Every Orleans connection of <paramref name="silo"/>, inbound and outbound, runs TLS with a certificate on
    /// both sides: the silo presents <paramref name="local"/>, and a peer without a certificate, or whose certificate
    /// does not chain to <paramref name="roots"/>, fails the handshake before any Orleans message is read.
    /// </summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ServerCertificate local, X509Certificate2Collection roots)
    {
        ArgumentNullException.ThrowIfNull(local);
        return silo.UseTls(local.Certificate, tls =>
        {
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate; // inbound: the client's; outbound: the server's
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.RemoteCertificateValidation = Member(roots, local.Chain);
        });
    }

    /// <summary>
    /// Accepts a peer whose certificate chains to <paramref name="roots"/> (its own chain, or
    /// <paramref name="intermediates"/>, supplying any intermediates) and to nothing else. Names are not compared:
    /// silos dial each other by address, and holding a certificate of the cluster's CA is what makes a member.
    /// </summary>
    public static RemoteCertificateValidator Member(X509Certificate2Collection roots, X509Certificate2Collection? intermediates = null)
    {
        ArgumentNullException.ThrowIfNull(roots);
        return (certificate, chain, errors) =>
            (errors & ~(SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch)) == SslPolicyErrors.None
            && PrivateRoots.Chains(certificate, chain, roots, purpose: null, intermediates);
    }

    /// <summary>
    /// A self-signed certificate made for this process alone (ECDSA P-256), for a silo that talks to no other: pinned
    /// as the only root, it lets no other process complete a handshake on the silo's port.
    /// </summary>
    public static (ServerCertificate Local, X509Certificate2Collection Roots) ProcessOnly()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=accord embedded silo {Guid.NewGuid():N}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var now = DateTimeOffset.UtcNow;
        using var made = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));

        // A key made in memory is ephemeral; a PKCS#12 round trip gives SslStream one it can use on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
        return (new ServerCertificate(certificate, []), [X509CertificateLoader.LoadCertificate(certificate.RawData)]);
    }
}
