// The trust inputs of RFC 5280 section 6.1.1 path validation (trust anchors) plus a local
// revocation list keyed by certificate SHA-256, as inspectors configure them in Accord.
namespace Accord.Core.Attestation;

/// <summary>
/// What an inspector trusts at one moment: manufacturer root certificates (DER) and the
/// lowercase hex SHA-256 of every revoked certificate (root, intermediate or device).
/// </summary>
public sealed record TrustSnapshot(IReadOnlyList<byte[]> RootsDer, IReadOnlySet<string> RevokedSha256)
{
    /// <summary>A snapshot of these roots and revocations (revocation ids lowercased).</summary>
    public static TrustSnapshot Of(IEnumerable<byte[]> rootsDer, IEnumerable<string>? revokedSha256 = null) =>
        new([.. rootsDer], new HashSet<string>((revokedSha256 ?? []).Select(s => s.ToLowerInvariant()), StringComparer.Ordinal));
}
