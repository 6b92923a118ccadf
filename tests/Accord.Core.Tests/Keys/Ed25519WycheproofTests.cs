// Wycheproof Ed25519 verification vectors (C2SP/wycheproof testvectors_v1/ed25519_test.json),
// read from ../shared/vectors at test time; RFC 8032 section 5.1.7 verification.
using Accord.Core.Keys;

namespace Accord.Core.Tests.Keys;

public sealed class Ed25519WycheproofTests
{
    private static readonly Lazy<IReadOnlyDictionary<int, WycheproofCase>> Cases = new(Load);

    public static TheoryData<int> CaseIds()
    {
        var data = new TheoryData<int>();
        foreach (var id in Cases.Value.Keys.Order())
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void Load_SharedFile_Has151CasesWith88ValidAnd63Invalid()
    {
        // Arrange
        var cases = Cases.Value.Values;

        // Act
        var valid = cases.Count(c => c.Result == "valid");
        var invalid = cases.Count(c => c.Result == "invalid");

        // Assert
        Assert.Equal(151, cases.Count());
        Assert.Equal(88, valid);
        Assert.Equal(63, invalid);
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Verify_WycheproofCase_MatchesExpectedResult(int tcId)
    {
        // Arrange
        var c = Cases.Value[tcId];

        // Act
        var accepted = VerifyOrReject(c);

        // Assert
        Assert.True(
            accepted == (c.Result == "valid"),
            $"tcId {c.TcId} ({c.Comment}; flags {string.Join(",", c.Flags)}): expected {c.Result}, verifier said {(accepted ? "valid" : "invalid")}.");
    }

    private static bool VerifyOrReject(WycheproofCase c)
    {
        PartyPublicKey key;
        try
        {
            key = PartyPublicKey.FromBytes(c.PublicKey);
        }
        catch (FormatException)
        {
            return false;
        }

        return key.Verify(c.Message, c.Signature);
    }

    private static Dictionary<int, WycheproofCase> Load() => WycheproofVectors.Load("ed25519_test.json", group =>
        Convert.FromHexString(group.GetProperty("publicKey").GetProperty("pk").GetString()!));
}
