using Accord.Client.Governance;
using Accord.Core.Keys;
using Accord.Protos.V1;

namespace Accord.Testing;

/// <summary>
/// The governance body of the test servers: one key, made once per test process, that the server fixture configures
/// (Accord:Server:Governance:Keys) and that grants test parties their roles with real signed, logged acts.
/// </summary>
public static class TestGovernance
{
    /// <summary>The body's one key.</summary>
    public static PartyKeyPair Key { get; } = PartyKeyPair.Generate();

    /// <summary>Its public key as the server's configuration names it (base64).</summary>
    public static string PublicKeyBase64 { get; } = Convert.ToBase64String(Key.PublicKey.ToBytes());

    /// <summary>The body's key file, written once per test process, for `--governance-key`.</summary>
    public static string KeyFilePath { get; } = WriteKeyFile(Path.Combine(Path.GetTempPath(), $"accord-test-governance-{Guid.NewGuid():N}.key"));

    /// <summary>Writes the body's key file at <paramref name="path"/>, for `--governance-key`; returns the path.</summary>
    public static string WriteKeyFile(string path)
    {
        KeyFile.Write(path, "governance", Key, overwrite: true);
        return path;
    }

    /// <summary>Grants <paramref name="partyId"/> <paramref name="role"/> with the next act.</summary>
    public static Task<GovernResponse> GrantAsync(RegistryService.RegistryServiceClient registry, string partyId, PartyRole role) =>
        GovernanceActs.GrantRoleAsync(registry, partyId, role, "test grant", [Key], CancellationToken.None);
}
