namespace Accord.Server.Hosting;

/// <summary>
/// TLS on the gRPC endpoint (section "Accord:Server:Tls"). When <see cref="CertificatePath"/> is set the
/// endpoint speaks HTTPS with HTTP/2 (ALPN h2) only; when it is empty, plaintext HTTP/2 (h2c).
/// </summary>
public sealed class TlsOptions
{
    /// <summary>
    /// The server certificate: a PEM file (the certificate first, then any intermediates) or a PKCS#12
    /// file (.pfx or .p12, certificate and key together). Empty (the default) means no TLS.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate (PKCS#8, SEC1 or PKCS#1); empty when the key is in the certificate file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file or of an encrypted PEM key; empty when there is none.</summary>
    public string? Password { get; set; }

    /// <summary>Whether TLS is on.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
