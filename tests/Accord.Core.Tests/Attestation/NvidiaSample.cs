// The NVIDIA nvtrust local_gpu_verifier sample evidence (DMTF DSP0274 SPDM 1.1 report, RFC 5280
// device chain, pinned device identity root), read from ../shared/vectors/nvidia at test time.
using Accord.Core.Attestation;
using Accord.Testing;

namespace Accord.Core.Tests.Attestation;

/// <summary>Loads the NVIDIA H100 sample evidence from the shared vectors.</summary>
internal static class NvidiaSample
{
    /// <summary>
    /// A verification time inside every validity period of the chain: the latest notBefore is
    /// 2022-03-01T00:00:00Z (NVIDIA GH100 Provisioner ICA 1), every notAfter is 9999-12-31T23:59:59Z.
    /// </summary>
    public static readonly DateTimeOffset At = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The leaf's subject serialNumber.</summary>
    public const string DeviceId = "53C22BA15E5D68088282DA074ED9FB37AA585771";

    private static readonly Lazy<byte[]> ReportBytes = new(() =>
        Convert.FromHexString(File.ReadAllText(SharedFolder.Vector("nvidia", "hopper-attestation-report.hex")).Trim()));

    private static readonly Lazy<IReadOnlyList<DeviceCertificate>> ChainCertificates = new(() =>
        DeviceCertificate.ParsePemChain(File.ReadAllText(SharedFolder.Vector("nvidia", "hopper-cert-chain.pem"))));

    private static readonly Lazy<DeviceCertificate> RootCertificate = new(() =>
        DeviceCertificate.ParsePemChain(File.ReadAllText(SharedFolder.Vector("nvidia", "nvidia-device-identity-root.pem"))).Single());

    /// <summary>The report bytes (a fresh copy).</summary>
    public static byte[] Report => (byte[])ReportBytes.Value.Clone();

    /// <summary>The five certificates, leaf first, root last.</summary>
    public static IReadOnlyList<DeviceCertificate> Chain => ChainCertificates.Value;

    /// <summary>The chain as DER, leaf first.</summary>
    public static List<byte[]> ChainDer => [.. Chain.Select(c => c.Der)];

    /// <summary>The pinned root.</summary>
    public static DeviceCertificate Root => RootCertificate.Value;

    /// <summary>Trust in the pinned root only, nothing revoked.</summary>
    public static TrustSnapshot Trust(params string[] revokedSha256) => TrustSnapshot.Of([Root.Der], revokedSha256);

    /// <summary>The report's own request nonce (bytes 4..35).</summary>
    public static byte[] RequestNonce => ReportBytes.Value[4..36];
}
