namespace Accord.Server.Hosting;

/// <summary>
/// Mutual TLS on the Orleans ports of a PostgreSQL cluster (section "Accord:Server:ClusterTls"): every silo
/// presents <see cref="CertificatePath"/> and accepts a connection, in either direction, only from a peer
/// whose certificate chains to a certificate in <see cref="CaPath"/>. A PostgreSQL server refuses to start
/// without it unless <see cref="AllowPlaintext"/> is set.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = AccordServerOptions.Section + ":ClusterTls";

    /// <summary>
    /// This silo's certificate: a PEM file (the certificate first, then any intermediates) or a PKCS#12 file
    /// (.pfx or .p12, certificate and key together). It authenticates the silo both as a server (inbound) and
    /// as a client (outbound): without an extended key usage, or with serverAuth and clientAuth.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate (PKCS#8, SEC1 or PKCS#1); empty when the key is in the certificate file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The password of a PKCS#12 file or of an encrypted PEM key; empty when there is none.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// The certificates a peer's certificate must chain to (PEM, one or more, or DER), and the only ones:
    /// the cluster's own CA, or the one certificate every silo shares (pinned). Every certificate that chains
    /// here is a member of the cluster, so use a CA that issues nothing else.
    /// </summary>
    public string? CaPath { get; set; }

    /// <summary>
    /// Runs a PostgreSQL silo without TLS on its silo port: anything that reaches the port can call every
    /// grain. Only for a single host whose loopback you trust (a test); never with a gateway. Default false.
    /// </summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>Whether mutual TLS is on (a certificate is named).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>
    /// What is wrong with these settings for a server (null when nothing): with PostgreSQL a certificate and a
    /// CA, or the explicit plaintext opt-out; a gateway only under TLS; none of this without PostgreSQL.
    /// </summary>
    public string? Problem(bool usesPostgres, int gatewayPort)
    {
        var named = Enabled || !string.IsNullOrWhiteSpace(KeyPath) || !string.IsNullOrWhiteSpace(CaPath);
        if (!usesPostgres)
        {
            if (named || AllowPlaintext)
            {
                return "cluster TLS (--cluster-cert, --cluster-key, --cluster-ca, Accord:Server:ClusterTls) applies with --postgres only: an embedded server has no cluster";
            }

            return gatewayPort != 0 ? "--gateway-port (Accord:Server:GatewayPort) applies with --postgres only: an embedded server has no gateway" : null;
        }

        if (AllowPlaintext && named)
        {
            return "Accord:Server:ClusterTls:AllowPlaintext=true and a cluster certificate are both set: remove one";
        }

        if (AllowPlaintext)
        {
            return gatewayPort != 0 ? "a gateway port takes grain calls: it needs cluster TLS (--cluster-cert, --cluster-key, --cluster-ca), not AllowPlaintext" : null;
        }

        if (!Enabled)
        {
            return "with --postgres the silo port needs mutual TLS: pass --cluster-cert, --cluster-key and --cluster-ca (Accord:Server:ClusterTls), "
                + "or set Accord:Server:ClusterTls:AllowPlaintext=true on a single host you trust";
        }

        return string.IsNullOrWhiteSpace(CaPath)
            ? "--cluster-cert needs --cluster-ca (Accord:Server:ClusterTls:CaPath): the cluster CA, or the cluster certificate itself to pin it"
            : null;
    }
}
