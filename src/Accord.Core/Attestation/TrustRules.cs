// Whose trust decisions an inspector may change (docs/concepts.md, "Governance"): any inspector may revoke a
// device or intermediate certificate, which protects everyone, but a trust root is revoked only by the inspector
// who added it, so that one inspector cannot take away what another relies on. Governance can lift any revocation.
using Accord.Core.Common;

namespace Accord.Core.Attestation;

/// <summary>The rules of the trust store's changes.</summary>
public static class TrustRules
{
    /// <summary>
    /// Whether <paramref name="inspectorId"/> may revoke certificate <paramref name="sha256"/>: null when it may, else
    /// <c>ROOT_OF_ANOTHER_INSPECTOR</c> when the certificate is a trust root that <paramref name="rootAddedBy"/>, another
    /// inspector, added. <paramref name="rootAddedBy"/> is null when the certificate is not a trust root.
    /// </summary>
    public static Refusal? CheckRevocation(string inspectorId, string sha256, string? rootAddedBy) =>
        rootAddedBy is null || string.Equals(rootAddedBy, inspectorId, StringComparison.Ordinal)
            ? null
            : new Refusal(
                RefusalCode.PermissionDenied,
                "ROOT_OF_ANOTHER_INSPECTOR",
                $"certificate {sha256} is a trust root added by inspector '{rootAddedBy}': only that inspector may revoke it",
                "certificate_sha256");
}
