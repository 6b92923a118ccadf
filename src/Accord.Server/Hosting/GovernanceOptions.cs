namespace Accord.Server.Hosting;

/// <summary>
/// The governance body that grants roles (section "Accord:Server:Governance"; docs/operations.md, "Governance").
/// When <see cref="Keys"/> is empty the server uses a local body of one key, kept in the data directory as
/// governance.key (created on first start): right for one machine, the demo and tests; a deployment names its
/// body's public keys here and keeps the private keys off its servers.
/// </summary>
public sealed class GovernanceOptions
{
    /// <summary>The body's raw 32-byte Ed25519 public keys, base64 (as `accord keygen` prints them).</summary>
    public List<string> Keys { get; set; } = [];

    /// <summary>How many of <see cref="Keys"/> must sign an act (1 to the number of keys). Default 1.</summary>
    public int Threshold { get; set; } = 1;
}
