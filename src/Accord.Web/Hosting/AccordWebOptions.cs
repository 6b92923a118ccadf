namespace Accord.Web.Hosting;

/// <summary>Where Accord Web listens and which Accord servers it reads from and submits to.</summary>
public sealed class AccordWebOptions
{
    /// <summary>The Accord servers (gRPC), tried in order; any silo of a cluster answers any call.</summary>
    public IReadOnlyList<Uri> Servers { get; set; } = [];

    /// <summary>A CA certificate (PEM or DER) an https:// server's certificate must chain to; null for the system's roots.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>The address the web app listens on; loopback unless a deployment puts a TLS proxy in front.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The web port (0 picks a free one).</summary>
    public int Port { get; set; } = 6080;
}
