// Client channels to an Accord server: plaintext HTTP/2 (h2c) for http:// addresses, TLS 1.2+ with ALPN h2
// (RFC 7301, RFC 7540 section 3.3) for https:// ones. A private CA or a self-signed server certificate is
// trusted by building the server's chain against that root alone (Accord.Core.Tls.PrivateRoots); validation is
// never switched off, and the host name must still match (RFC 6125).
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Accord.Core.Tls;
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

            handler.SslOptions.RemoteCertificateValidationCallback = TrustOnly(PrivateRoots.Load(caCertificatePath));
        }

        options.HttpHandler = handler;
        options.DisposeHttpClient = true;
        return GrpcChannel.ForAddress(server, options);
    }

    /// <summary>The CA file to trust: <paramref name="option"/> if given, else $ACCORD_CA_CERT, else none.</summary>
    public static string? ResolveCaCertificate(string? option) =>
        string.IsNullOrWhiteSpace(option) ? NullIfEmpty(Environment.GetEnvironmentVariable(CaCertificateVariable)) : option;

    /// <summary>
    /// Accepts a server certificate only if its name matches and its chain builds to one of
    /// <paramref name="roots"/> (the certificates the server sent may supply intermediates).
    /// </summary>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2Collection roots) => (_, certificate, chain, errors) =>
        certificate is not null
        && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
        && PrivateRoots.Chains(certificate, chain, roots, PrivateRoots.ServerAuthentication);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
