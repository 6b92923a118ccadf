// Client channels to an Accord server: plaintext HTTP/2 (h2c) for http:// addresses, TLS 1.2+ with ALPN h2
// (RFC 7301, RFC 7540 section 3.3) for https:// ones. A private CA or a self-signed server certificate is
// trusted by building the server's chain against that root alone (RFC 5280 path validation, X509Chain with
// CustomRootTrust); validation is never switched off, and the host name must still match (RFC 6125).
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Accord.Client;

/// <summary>Opens gRPC channels to an Accord server, over TLS when the address is https://.</summary>
public static class AccordChannel
{
    /// <summary>The environment variable naming a CA certificate file, used when no --ca-cert is given.</summary>
    public const string CaCertificateVariable = "ACCORD_CA_CERT";

    /// <summary>How long opening a connection may take before the server counts as unavailable (and a client with several servers tries the next).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A channel to <paramref name="server"/>. With <paramref name="caCertificatePath"/> (PEM, one or more
    /// certificates, or DER), an https:// server's certificate must chain to one of those certificates, and
    /// only to them; without it, the system's trusted roots decide.
    /// </summary>
    /// <exception cref="ArgumentException">The address is not absolute http:// or https://, or a CA is given for http://.</exception>
    /// <exception cref="IOException">The CA file cannot be read or holds no certificate.</exception>
    public static GrpcChannel Open(Uri server, string? caCertificatePath = null, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!server.IsAbsoluteUri || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{server}' is not an http:// or https:// address", nameof(server));
        }

        options ??= new GrpcChannelOptions();
        var handler = options.HttpHandler as SocketsHttpHandler ?? new SocketsHttpHandler { EnableMultipleHttp2Connections = true, ConnectTimeout = ConnectTimeout };
        if (!string.IsNullOrWhiteSpace(caCertificatePath))
        {
            if (server.Scheme != Uri.UriSchemeHttps)
            {
                throw new ArgumentException($"a CA certificate is given but '{server}' is not an https:// address", nameof(caCertificatePath));
            }

            handler.SslOptions.RemoteCertificateValidationCallback = TrustOnly(LoadCertificates(caCertificatePath));
        }

        options.HttpHandler = handler;
        options.DisposeHttpClient = true;
        return GrpcChannel.ForAddress(server, options);
    }

    /// <summary>The CA file to trust: <paramref name="option"/> if given, else $ACCORD_CA_CERT, else none.</summary>
    public static string? ResolveCaCertificate(string? option) =>
        string.IsNullOrWhiteSpace(option) ? NullIfEmpty(Environment.GetEnvironmentVariable(CaCertificateVariable)) : option;

    /// <summary>Every certificate in a PEM file (or the one in a DER file).</summary>
    /// <exception cref="IOException">The file cannot be read or holds no certificate.</exception>
    public static X509Certificate2Collection LoadCertificates(string path)
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
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"{path}: {e.Message}", e);
        }

        return certificates.Count > 0 ? certificates : throw new IOException($"{path}: no certificate in the file");
    }

    /// <summary>
    /// Accepts a server certificate only if its name matches and its chain builds to one of
    /// <paramref name="roots"/> (the certificates the server sent may supply intermediates).
    /// </summary>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2Collection roots) => (_, certificate, chain, errors) =>
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // id-kp-serverAuth (RFC 5280 4.2.1.12)
        custom.ChainPolicy.DisableCertificateDownloads = true; // the chain is what the server sent and the roots given, nothing fetched
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(leaf);
    };

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
