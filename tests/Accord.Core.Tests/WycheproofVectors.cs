using System.Text.Json;
using Accord.Testing;

namespace Accord.Core.Tests;

/// <summary>One Wycheproof signature case (C2SP/wycheproof testvectors_v1 schema).</summary>
internal sealed record WycheproofCase(
    int TcId, string Comment, string[] Flags, byte[] PublicKey, byte[] Message, byte[] Signature, string Result);

/// <summary>Reads a Wycheproof signature file from the shared vectors, keyed by tcId.</summary>
internal static class WycheproofVectors
{
    /// <param name="file">The file under shared/vectors/wycheproof.</param>
    /// <param name="publicKeyOf">The public key bytes of a test group (and any checks on the group).</param>
    public static Dictionary<int, WycheproofCase> Load(string file, Func<JsonElement, byte[]> publicKeyOf)
    {
        using var stream = File.OpenRead(SharedFolder.Vector("wycheproof", file));
        using var document = JsonDocument.Parse(stream);
        var cases = new Dictionary<int, WycheproofCase>();
        foreach (var group in document.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            var publicKey = publicKeyOf(group);
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                var c = new WycheproofCase(
                    test.GetProperty("tcId").GetInt32(),
                    test.GetProperty("comment").GetString() ?? string.Empty,
                    [.. test.GetProperty("flags").EnumerateArray().Select(f => f.GetString()!)],
                    publicKey,
                    Convert.FromHexString(test.GetProperty("msg").GetString()!),
                    Convert.FromHexString(test.GetProperty("sig").GetString()!),
                    test.GetProperty("result").GetString()!);
                cases.Add(c.TcId, c);
            }
        }

        return cases;
    }
}
