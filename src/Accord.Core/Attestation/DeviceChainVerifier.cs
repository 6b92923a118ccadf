// Device identity chain validation: RFC 5280 section 6.1 (basic path validation) restricted to
// what device chains use, in the order the NVIDIA nvtrust local verifier reports its steps
// (parse, chain signatures up to the pinned root, revocation); signatures ECDSA P-384 / SHA-384
// (RFC 5758 section 3.2, SEC1 / X9.62), names compared as DER (RFC 5280 section 7.1 is
// satisfied by byte-equal names), validity inclusive (section 4.1.2.5), basicConstraints and
// pathLenConstraint (4.2.1.9, 6.1.4 (k)-(m)), keyUsage (4.2.1.3, 6.1.4 (n)), unknown critical
// extensions refused (6.1.4 (o)), revocation against a local list only.
using System.Globalization;
using Org.BouncyCastle.Asn1.X9;

namespace Accord.Core.Attestation;

/// <summary>
/// Verifies a device identity chain (leaf first, with or without the root) against a
/// <see cref="TrustSnapshot"/> at a given time. Never throws on bad input.
/// </summary>
public static class DeviceChainVerifier
{
    /// <summary>The longest chain accepted (NVIDIA's has 5 certificates, root included).</summary>
    public const int MaxChainLength = 8;

    /// <summary>
    /// Verifies the chain. Checks, in order (each a line of <see cref="ChainResult.Steps"/>):
    /// parse; links (issuer name = next subject, every key P-384, every signature ECDSA P-384 /
    /// SHA-384 by the next certificate's key); root (the last certificate equals a trusted
    /// root's DER, or a trusted root named as its issuer verifies its signature); validity of
    /// every certificate at <paramref name="at"/>; basicConstraints; keyUsage; critical
    /// extensions; revocation against the local list; the leaf's subject serialNumber.
    /// </summary>
    public static ChainResult Verify(IReadOnlyList<byte[]> chainLeafFirst, TrustSnapshot trust, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var run = new Run();

        // 1. parse
        if (chainLeafFirst is null || chainLeafFirst.Count == 0)
        {
            return run.Fail("parse", AttestationReasons.EmptyChain, "The chain has no certificates.");
        }

        if (chainLeafFirst.Count > MaxChainLength)
        {
            return run.Fail("parse", AttestationReasons.Malformed, $"The chain has {chainLeafFirst.Count} certificates, more than the {MaxChainLength} allowed.");
        }

        var chain = new List<DeviceCertificate>(chainLeafFirst.Count);
        for (var i = 0; i < chainLeafFirst.Count; i++)
        {
            try
            {
                chain.Add(DeviceCertificate.Parse(chainLeafFirst[i] ?? []));
            }
            catch (AttestationException e)
            {
                return run.Fail("parse", e.Reason, $"{Position(i, chainLeafFirst.Count)}: {e.Message}");
            }
        }

        run.Ok("parse", $"{chain.Count} certificate(s), leaf '{chain[0].Subject}'");

        // 2. links: algorithms, names, signatures
        for (var i = 0; i < chain.Count; i++)
        {
            if (EcdsaP384.TryParsePublicKey(chain[i].Structure.SubjectPublicKeyInfo) is null)
            {
                return run.Fail("links", AttestationReasons.UnsupportedAlgorithm,
                    $"{Describe(chain, i)} does not hold an ECDSA P-384 public key (only P-384 is accepted).");
            }

            if (chain[i].SignatureAlgorithmOid != X9ObjectIdentifiers.ECDsaWithSha384.Id)
            {
                return run.Fail("links", AttestationReasons.UnsupportedAlgorithm,
                    $"{Describe(chain, i)} is signed with {chain[i].SignatureAlgorithmOid}, not ecdsa-with-SHA384 (1.2.840.10045.4.3.3).");
            }
        }

        // RFC 5280 section 6.1: a certificate must not appear more than once in a path.
        for (var i = 1; i < chain.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (chain[i].Der.AsSpan().SequenceEqual(chain[j].Der))
                {
                    return run.Fail("links", AttestationReasons.BrokenChain,
                        $"{Describe(chain, i)} repeats {Describe(chain, j)}: a certificate appears at most once in a chain.");
                }
            }
        }

        for (var i = 0; i + 1 < chain.Count; i++)
        {
            if (!chain[i].IssuerName.AsSpan().SequenceEqual(chain[i + 1].SubjectName))
            {
                return run.Fail("links", AttestationReasons.BrokenChain,
                    $"{Describe(chain, i)} names issuer '{chain[i].Issuer}', but the next certificate is '{chain[i + 1].Subject}'.");
            }

            if (!chain[i].IsSignedBy(chain[i + 1]))
            {
                return run.Fail("links", AttestationReasons.BadSignature,
                    $"The signature of {Describe(chain, i)} does not verify under the key of '{chain[i + 1].Subject}'.");
            }
        }

        run.Ok("links", $"{chain.Count - 1} issuer link(s), ECDSA P-384 / SHA-384 signatures verified");

        // 3. trusted root
        var roots = new List<DeviceCertificate>();
        var unreadable = 0;
        foreach (var rootDer in trust.RootsDer ?? [])
        {
            try
            {
                roots.Add(DeviceCertificate.Parse(rootDer ?? []));
            }
            catch (AttestationException)
            {
                unreadable++;
            }
        }

        var ignored = unreadable == 0 ? string.Empty : $"; {unreadable} unreadable trusted root(s) ignored";
        var last = chain[^1];
        var path = new List<DeviceCertificate>(chain);
        var root = roots.FirstOrDefault(r => r.Sha256 == last.Sha256);
        if (root is not null)
        {
            run.Ok("root", $"ends at trusted root '{root.Subject}' (sha256 {root.Sha256}) by DER equality{ignored}");
        }
        else
        {
            root = roots.FirstOrDefault(r => r.SubjectName.AsSpan().SequenceEqual(last.IssuerName) && last.IsSignedBy(r));
            if (root is null)
            {
                return run.Fail("root", AttestationReasons.UntrustedRoot,
                    $"No trusted root is, or signs, the last certificate '{last.Subject}' (issuer '{last.Issuer}'); {roots.Count} trusted root(s){ignored}.");
            }

            path.Add(root);
            run.Ok("root", $"issued by trusted root '{root.Subject}' (sha256 {root.Sha256}), signature verified{ignored}");
        }

        run.RootSha256 = root.Sha256;

        // 4. validity
        for (var i = 0; i < path.Count; i++)
        {
            var c = path[i];
            if (at < c.NotBefore)
            {
                return run.Fail("validity", AttestationReasons.NotYetValid,
                    $"{Describe(path, i)} is not valid before {Stamp(c.NotBefore)}; the time checked is {Stamp(at)}.");
            }

            if (at > c.NotAfter)
            {
                return run.Fail("validity", AttestationReasons.Expired,
                    $"{Describe(path, i)} expired at {Stamp(c.NotAfter)}; the time checked is {Stamp(at)}.");
            }
        }

        run.Ok("validity", $"all {path.Count} certificate(s) valid at {Stamp(at)}");

        // 5. basicConstraints
        if (path[0].IsCa)
        {
            return run.Fail("basicConstraints", AttestationReasons.NotACa, $"The leaf '{path[0].Subject}' is a CA (basicConstraints cA=true); a device certificate must not be.");
        }

        for (var k = 1; k < path.Count; k++)
        {
            if (!path[k].IsCa)
            {
                return run.Fail("basicConstraints", AttestationReasons.NotACa,
                    $"{Describe(path, k)} issues '{path[k - 1].Subject}' but is not a CA (basicConstraints cA absent or false).");
            }

            var below = 0;
            for (var j = 1; j < k; j++)
            {
                below += path[j].IsSelfIssued ? 0 : 1;
            }

            if (path[k].PathLength is { } limit && below > limit)
            {
                return run.Fail("basicConstraints", AttestationReasons.PathLength,
                    $"{Describe(path, k)} allows {limit} intermediate CA(s) below it (pathLenConstraint), the chain has {below}.");
            }
        }

        run.Ok("basicConstraints", "leaf is not a CA; every issuer is a CA within its pathLenConstraint");

        // 6. keyUsage
        if (path[0].KeyUsage is not { } leafUsage || (leafUsage & DeviceCertificate.DigitalSignatureUsage) == 0)
        {
            return run.Fail("keyUsage", AttestationReasons.KeyUsage,
                $"The leaf '{path[0].Subject}' {(path[0].KeyUsage is null ? "has no keyUsage" : "lacks keyUsage digitalSignature")}; it signs evidence.");
        }

        for (var k = 1; k < path.Count; k++)
        {
            if (path[k].KeyUsage is not { } usage || (usage & DeviceCertificate.KeyCertSignUsage) == 0)
            {
                return run.Fail("keyUsage", AttestationReasons.KeyUsage,
                    $"{Describe(path, k)} {(path[k].KeyUsage is null ? "has no keyUsage" : "lacks keyUsage keyCertSign")}, yet issues certificates.");
            }
        }

        run.Ok("keyUsage", "leaf has digitalSignature; every issuer has keyCertSign");

        // 7. critical extensions
        for (var i = 0; i < path.Count; i++)
        {
            if (path[i].UnrecognizedCriticalExtensions.Count > 0)
            {
                return run.Fail("criticalExtensions", AttestationReasons.UnknownCriticalExtension,
                    $"{Describe(path, i)} has critical extension(s) {string.Join(", ", path[i].UnrecognizedCriticalExtensions)} that are not processed.");
            }
        }

        run.Ok("criticalExtensions", "none unrecognized");

        // 8. revocation (local list; online pointers noted)
        var revoked = trust.RevokedSha256 ?? new HashSet<string>();
        for (var i = 0; i < path.Count; i++)
        {
            if (revoked.Contains(path[i].Sha256) || revoked.Contains(path[i].Sha256.ToUpperInvariant()))
            {
                run.Revocation = RevocationStatus.Revoked;
                return run.Fail("revocation", AttestationReasons.Revoked, $"{Describe(path, i)} (sha256 {path[i].Sha256}) is revoked by the local list.");
            }
        }

        var online = path.Where(c => c.HasRevocationPointers).ToList();
        if (online.Count > 0)
        {
            run.Revocation = RevocationStatus.Unknown;
            run.Ok("revocation", $"unknown: not on the local list, but {string.Join(", ", online.Select(c => $"'{c.Subject}'"))} name CRL/OCSP pointers that are not checked offline");
        }
        else
        {
            run.Revocation = RevocationStatus.Good;
            run.Ok("revocation", "good: not on the local list, no online revocation pointers");
        }

        // 9. device id
        if (path[0].SubjectSerialNumber is not { } deviceId)
        {
            return run.Fail("deviceId", AttestationReasons.NoDeviceId, $"The leaf '{path[0].Subject}' has no (single) subject serialNumber attribute (OID 2.5.4.5).");
        }

        run.Ok("deviceId", deviceId);
        return new ChainResult(
            true,
            null,
            $"Device {deviceId} verified to trusted root '{root.Subject}' at {Stamp(at)}; revocation {run.Revocation.ToString().ToLowerInvariant()}.",
            deviceId,
            run.RootSha256,
            run.Revocation,
            run.Steps);
    }

    private static string Position(int index, int count) =>
        index == 0 ? "Certificate 0 (leaf)" : index == count - 1 ? $"Certificate {index} (last)" : $"Certificate {index}";

    private static string Describe(IReadOnlyList<DeviceCertificate> path, int index) =>
        $"{Position(index, path.Count)} '{path[index].Subject}'";

    private static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class Run
    {
        public List<string> Steps { get; } = [];

        public string? RootSha256 { get; set; }

        public RevocationStatus Revocation { get; set; } = RevocationStatus.Unknown;

        public void Ok(string step, string detail) => Steps.Add($"{step}: ok - {detail}");

        public ChainResult Fail(string step, string reason, string message)
        {
            Steps.Add($"{step}: FAILED {reason} - {message}");
            return new ChainResult(false, reason, message, null, RootSha256, Revocation, Steps);
        }
    }
}
