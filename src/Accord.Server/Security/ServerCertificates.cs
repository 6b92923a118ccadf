// Loads a certificate the server presents (the gRPC endpoint's, a silo's cluster certificate): PEM (RFC 7468)
// certificate and key files, or PKCS#12 (RFC 7292).
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Accord.Server.Hosting;

namespace Accord.Server.Security;

/// <summary>A certificate this server presents, with its private key, and the intermediates to send along.</summary>
public sealed record ServerCertificate(X509Certificate2 Certificate, X509Certificate2Collection Chain)
{
    /// <summary>Loads the gRPC endpoint's certificate, what <paramref name="tls"/> names.</summary>
    /// <exception cref="IOException">A file is missing, unreadable, or not a certificate with its private key.</exception>
    public static ServerCertificate Load(TlsOptions tls) => Load("TLS", tls.CertificatePath, tls.KeyPath, tls.Password);

    /// <summary>Loads this silo's cluster certificate, what <paramref name="tls"/> names.</summary>
    /// <exception cref="IOException">A file is missing, unreadable, or not a certificate with its private key.</exception>
    public static ServerCertificate Load(ClusterTlsOptions tls) => Load("cluster TLS", tls.CertificatePath, tls.KeyPath, tls.Password);

    private static ServerCertificate Load(string what, string? path, string? keyPath, string? password)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new IOException($"{what}: no certificate file is configured");
        }

        password = string.IsNullOrEmpty(password) ? null : password;
        try
        {
            if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
            {
                var all = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, password);
                var leaf = all.FirstOrDefault(c => c.HasPrivateKey) ?? throw new IOException($"{what}: {path} holds no certificate with a private key");
                var chain = new X509Certificate2Collection();
                chain.AddRange(all.Where(c => !ReferenceEquals(c, leaf)).ToArray());
                return new ServerCertificate(leaf, chain);
            }

            var pem = new X509Certificate2Collection();
            pem.ImportFromPemFile(path);
            if (pem.Count == 0)
            {
                throw new IOException($"{what}: {path} holds no PEM certificate");
            }

            var keyFile = string.IsNullOrWhiteSpace(keyPath) ? path : keyPath;
            using var withKey = password is null
                ? X509Certificate2.CreateFromPemFile(path, keyFile)
                : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyFile);

            // A key imported from PEM is ephemeral; a PKCS#12 round trip gives SslStream one it can use on every platform.
            var certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
            var intermediates = new X509Certificate2Collection();
            intermediates.AddRange(pem.Skip(1).ToArray());
            return new ServerCertificate(certificate, intermediates);
        }
        catch (CryptographicException e)
        {
            throw new IOException($"{what}: cannot load the certificate {path}{(keyPath is { Length: > 0 } k ? $" with the key {k}" : "")}: {e.Message}", e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IOException($"{what}: no such file: {(File.Exists(path) ? keyPath : path)}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"{what}: {e.Message}", e);
        }
    }
}
