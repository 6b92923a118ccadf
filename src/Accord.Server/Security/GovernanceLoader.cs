using Accord.Core.Keys;
using Accord.Core.Parties;
using Accord.Server.Hosting;

namespace Accord.Server.Security;

/// <summary>The governance body a server applies acts of: configured, or the local one in the data directory.</summary>
/// <param name="Body">The keys and threshold.</param>
/// <param name="LocalKeyPath">The local body's key file, when the body is local; null when configured.</param>
public sealed record GovernanceSetup(GovernanceBody Body, string? LocalKeyPath)
{
    /// <summary>The local body's key, for a process that runs its own embedded server (the demo, `bench ingest`).</summary>
    /// <exception cref="InvalidOperationException">The body is configured: its private keys are not on this server.</exception>
    public PartyKeyPair ReadLocalKey() =>
        LocalKeyPath is { } path
            ? KeyFile.Read(path).Key
            : throw new InvalidOperationException("the governance body is configured (Accord:Server:Governance:Keys): its keys are not on this server");
}

/// <summary>Loads the governance body at start; a bad configuration stops the server with one line.</summary>
public static class GovernanceLoader
{
    /// <summary>The local body's key file inside the data directory (format: docs/formats.md, "Key file").</summary>
    public const string KeyFileName = "governance.key";

    /// <summary>The party id written into the local body's key file.</summary>
    public const string KeyOwner = "governance";

    /// <exception cref="InvalidOperationException">A configured key is not a base64 Ed25519 public key, or the threshold does not fit the keys.</exception>
    public static GovernanceSetup Load(string dataDirectory, GovernanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Keys.Count == 0)
        {
            var path = Path.Combine(dataDirectory, KeyFileName);
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(dataDirectory);
                using var fresh = PartyKeyPair.Generate();
                KeyFile.Write(path, KeyOwner, fresh);
            }

            using var key = KeyFile.Read(path).Key;
            return new GovernanceSetup(GovernanceBody.Create([key.PublicKey], 1), Path.GetFullPath(path));
        }

        var keys = new List<PartyPublicKey>();
        foreach (var text in options.Keys)
        {
            try
            {
                keys.Add(PartyPublicKey.FromBytes(Convert.FromBase64String(text.Trim())));
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"Accord:Server:Governance:Keys: '{text}' is not a base64 raw 32-byte Ed25519 public key");
            }
        }

        try
        {
            return new GovernanceSetup(GovernanceBody.Create(keys, options.Threshold), null);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Accord:Server:Governance: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }
}
