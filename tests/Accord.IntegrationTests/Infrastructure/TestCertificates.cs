using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Accord.IntegrationTests.Infrastructure;

/// <summary>A silo's cluster TLS files: its certificate and key (PEM), and the cluster CA it chains to.</summary>
public sealed record ClusterCredentials(string Certificate, string Key, string Ca);

/// <summary>
/// TLS certificates made in the test: self-signed, or issued by a private CA, for 127.0.0.1 and localhost; and a
/// cluster CA with a certificate for each member (silos and Orleans clients).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("accord-tls-").FullName;

    /// <summary>A self-signed server certificate; writes NAME.crt and NAME.key (PEM) and returns their paths.</summary>
    public (string Certificate, string Key) SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = ServerRequest(name, key);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return Write(name, certificate, key);
    }

    /// <summary>A private CA (NAME-ca.crt) and a server certificate it issued (NAME.crt, NAME.key); returns the three paths.</summary>
    public (string Ca, string Certificate, string Key) Issued(string name)
    {
        var (caPath, ca) = Authority(name);
        using (ca)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var (certificate, keyPath) = Issue(ca, name, ServerRequest(name, key), key);
            return (caPath, certificate, keyPath);
        }
    }

    /// <summary>
    /// A cluster's CA (NAME-ca.crt) and a certificate it issued to each member (NAME-MEMBER.crt, NAME-MEMBER.key), good
    /// for TLS server and client authentication, as a silo's cluster certificate must be; returned by member name.
    /// </summary>
    public IReadOnlyDictionary<string, ClusterCredentials> Cluster(string name, params string[] members)
    {
        var (caPath, ca) = Authority(name);
        using (ca)
        {
            var credentials = new Dictionary<string, ClusterCredentials>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                var request = new CertificateRequest($"CN={member}", key, HashAlgorithmName.SHA256);
                request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
                request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth, ClientAuth], false));
                var (certificate, keyPath) = Issue(ca, $"{name}-{member}", request, key);
                credentials[member] = new ClusterCredentials(certificate, keyPath, caPath);
            }

            return credentials;
        }
    }

    /// <summary>The same self-signed certificate and key as one PKCS#12 file with a password; returns its path.</summary>
    public string Pkcs12(string certificatePath, string keyPath, string password)
    {
        using var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var path = Path.ChangeExtension(certificatePath, ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private static CertificateRequest ServerRequest(string name, ECDsa key)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
        return request;
    }

    /// <summary>A CA certificate with its key (NAME-ca.crt written); the caller disposes it.</summary>
    private (string Path, X509Certificate2 Certificate) Authority(string name)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var caRequest = new CertificateRequest($"CN={name} test CA", caKey, HashAlgorithmName.SHA384);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));
        var caPath = Path.Combine(Directory, name + "-ca.crt");
        File.WriteAllText(caPath, ca.ExportCertificatePem());
        return (caPath, ca);
    }

    /// <summary>Issues <paramref name="request"/> (over <paramref name="key"/>) under <paramref name="ca"/>; writes NAME.crt and NAME.key.</summary>
    private (string Certificate, string Key) Issue(X509Certificate2 ca, string name, CertificateRequest request, ECDsa key)
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        return Write(name, issued, key);
    }

    private (string Certificate, string Key) Write(string name, X509Certificate2 certificate, ECDsa key)
    {
        var certificatePath = Path.Combine(Directory, name + ".crt");
        var keyPath = Path.Combine(Directory, name + ".key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
