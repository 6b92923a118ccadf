using Accord.Core.Attestation;
using Accord.PropertyTests.Infrastructure;
using Accord.Testing;
using CsCheck;
using Xunit.Abstractions;

namespace Accord.PropertyTests.Parsers;

/// <summary>
/// X.509 device chains and SPDM measurement reports: mutations of the real NVIDIA H100 evidence
/// in the shared vectors (never copied into the repository).
/// </summary>
public sealed class AttestationProperties(ITestOutputHelper output)
{
    /// <summary>Inside every validity period of the NVIDIA chain.</summary>
    private static readonly DateTimeOffset At = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string ChainPem = File.ReadAllText(SharedFolder.PathOf("vectors", "nvidia", "hopper-cert-chain.pem"));
    private static readonly byte[][] Chain = [.. DeviceCertificate.ParsePemChain(ChainPem).Select(c => c.Der)];
    private static readonly byte[] RootDer = DeviceCertificate.ParsePemChain(File.ReadAllText(SharedFolder.PathOf("vectors", "nvidia", "nvidia-device-identity-root.pem"))).Single().Der;
    private static readonly byte[] Report = Convert.FromHexString(File.ReadAllText(SharedFolder.PathOf("vectors", "nvidia", "hopper-attestation-report.hex")).Trim());
    private static readonly TrustSnapshot Trust = TrustSnapshot.Of([RootDer]);

    private static readonly Gen<byte[]> Certificates = Gen.Frequency(
        (8, Gen.Int[0, Chain.Length - 1].SelectMany(i => Mutate.Bytes(Chain[i]))),
        (1, Mutate.Bytes(RootDer)),
        (1, Mutate.RandomBytes(600)));

    [Fact]
    public void Vectors_Unchanged_Verify()
    {
        Assert.True(DeviceChainVerifier.Verify(Chain, Trust, At).Valid);
        Assert.True(SpdmEvidenceVerifier.Verify(Report, Chain, Trust, Report[4..36], At).Valid);
    }

    [Fact]
    public void ParseCertificate_MutatedDer_OnlyAttestationException()
    {
        var cases = Gen.Frequency((6, Certificates.Select(der => (der, (string?)null))), (1, Mutate.Text(ChainPem).Select(pem => ((byte[]?)null, (string?)pem))));
        Property.Run(output, "X.509 certificates and PEM chains, mutated", cases, c =>
        {
            if (c.Item1 is { } der)
            {
                var (parsed, certificate) = Expect.Of<DeviceCertificate, AttestationException>(() => DeviceCertificate.Parse(der));
                if (parsed)
                {
                    Assert.Equal(der, certificate!.Der);
                }
            }
            else
            {
                Expect.Of<IReadOnlyList<DeviceCertificate>, AttestationException>(() => DeviceCertificate.ParsePemChain(c.Item2!));
            }
        }, CaseBudget.CertificateParse);
    }

    [Fact]
    public void VerifyChain_MutatedChain_ValidOnlyWhenUnchanged()
    {
        var chains = Gen.Int[0, 4].SelectMany(how => how switch
        {
            0 or 1 => Gen.Int[0, Chain.Length - 1].SelectMany(i => Mutate.Bytes(Chain[i]).Select(der => Replace(i, der))),
            2 => Gen.Int[0, Chain.Length - 1].Select(i => (IReadOnlyList<byte[]>)[.. Chain.Where((_, j) => j != i)]),
            3 => Gen.Select(Gen.Int[0, Chain.Length - 1], Gen.Int[0, Chain.Length - 1], (i, j) => Swap(i, j)),
            _ => Gen.Int[0, Chain.Length - 1].Select(i => (IReadOnlyList<byte[]>)[.. Chain, Chain[i]]),
        });
        Property.Run(output, "device chains, mutated", chains, chain =>
        {
            var result = Expect.NeverThrows(() => DeviceChainVerifier.Verify(chain, Trust, At));
            Assert.Equal(result.Valid, result.Reason is null);
            if (result.Valid)
            {
                // The original chain, or the original without its root (a trusted root anchors it by name and signature).
                Assert.InRange(chain.Count, Chain.Length - 1, Chain.Length);
                Assert.All(Enumerable.Range(0, chain.Count), i => Assert.Equal(Chain[i], chain[i]));
            }
        }, CaseBudget.ChainMutations, threads: 2);
    }

    [Fact]
    public void ParseReport_MutatedOrRandom_OnlyAttestationException()
    {
        Property.Run(output, "SPDM reports, mutated", Gen.Frequency((8, Mutate.Bytes(Report)), (1, Mutate.RandomBytes(400))), bytes =>
        {
            Expect.Of<SpdmMeasurementReport, AttestationException>(() => SpdmMeasurementReport.Parse(bytes));
        }, CaseBudget.SpdmParse);
    }

    [Fact]
    public void VerifyEvidence_MutatedReport_ValidOnlyWhenUnchanged()
    {
        var nonce = Report[4..36];
        Property.Run(output, "SPDM evidence, mutated", Mutate.Bytes(Report), bytes =>
        {
            var result = Expect.NeverThrows(() => SpdmEvidenceVerifier.Verify(bytes, Chain, Trust, nonce, At));
            if (result.Valid)
            {
                Assert.Equal(Report, bytes);
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(result.Reason));
            }
        }, CaseBudget.EvidenceMutations, threads: 2);
    }

    private static IReadOnlyList<byte[]> Replace(int index, byte[] der)
    {
        var copy = Chain.ToArray();
        copy[index] = der;
        return copy;
    }

    private static IReadOnlyList<byte[]> Swap(int i, int j)
    {
        var copy = Chain.ToArray();
        (copy[i], copy[j]) = (copy[j], copy[i]);
        return copy;
    }
}
