// Trust in a private CA (or a pinned self-signed certificate) and in nothing else: RFC 5280 path validation
// through X509Chain with CustomRootTrust, the roots read from a PEM (RFC 7468) or DER file; the peer's own
// chain may supply intermediates, nothing is downloaded, and the system's trusted roots play no part.
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Accord.Core.Tls;

/// <summary>
/// The one rule for "this certificate chains to one of these roots, and only to them", used by the gRPC
/// client (<c>--ca-cert</c>) and by the silos' mutual TLS (<c>--cluster-ca</c>).
/// </summary>
public static class PrivateRoots
{
    /// <summary>id-kp-serverAuth (RFC 5280 section 4.2.1.12).</summary>
    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Every certificate in a PEM file (or the one in a DER file).</summary>
    /// <exception cref="IOException">The file cannot be read or holds no certificate.</exception>
    public static X509Certificate2Collection Load(string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            var bytes = File.ReadAllBytes(path);
            var text = System.Text.Encoding.ASCII.GetString(bytes);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                certificates.ImportFromPem(text);
            }
            else
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(bytes));
            }
        }
        catch (CryptographicException e)
        {
            throw new IOException($"{path}: not a PEM or DER certificate ({e.Message})", e);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IOException($"{path}: no such file", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"{path}: {e.Message}", e);
        }

        return certificates.Count > 0 ? certificates : throw new IOException($"{path}: no certificate in the file");
    }

    /// <summary>
    /// Whether <paramref name="certificate"/> chains to one of <paramref name="roots"/> and to nothing else, valid
    /// now, for <paramref name="purpose"/> when one is given. Intermediates may come from the chain the peer sent
    /// (<paramref name="presented"/>) and from <paramref name="intermediates"/>. Names are not looked at here.
    /// </summary>
    public static bool Chains(
        X509Certificate certificate,
        X509Chain? presented,
        X509Certificate2Collection roots,
        Oid? purpose = null,
        X509Certificate2Collection? intermediates = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(roots);
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.DisableCertificateDownloads = true; // the chain is what the peer sent and the roots given, nothing fetched
        if (purpose is not null)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(purpose);
        }

        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }

        return chain.Build(leaf);
    }
}
