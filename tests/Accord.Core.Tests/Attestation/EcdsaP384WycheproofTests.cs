// Wycheproof ECDSA P-384 / SHA-384 verification vectors (C2SP/wycheproof
// testvectors_v1/ecdsa_secp384r1_sha384_test.json, DER signatures, BER invalid), read from
// ../shared/vectors at test time; SEC1 / X9.62 verification through EcdsaP384.VerifyDer.
using Accord.Core.Attestation;

namespace Accord.Core.Tests.Attestation;

public sealed class EcdsaP384WycheproofTests
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

    public static TheoryData<int> ValidCaseIds()
    {
        var data = new TheoryData<int>();
        foreach (var id in Cases.Value.Values.Where(c => c.Result == "valid").Select(c => c.TcId).Order())
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void Load_SharedFile_Has504CasesWith194ValidAnd310InvalidAndNoAcceptable()
    {
        // Arrange
        var cases = Cases.Value.Values.ToList();

        // Act
        var valid = cases.Count(c => c.Result == "valid");
        var invalid = cases.Count(c => c.Result == "invalid");
        var acceptable = cases.Count(c => c.Result == "acceptable");

        // Assert
        Assert.Equal(504, cases.Count);
        Assert.Equal(194, valid);
        Assert.Equal(310, invalid);
        Assert.Equal(0, acceptable);
    }

    // "valid" must verify, "invalid" must not. "acceptable" (none in this file) would be
    // required to fail: EcdsaP384 is strict (DER only, r and s in [1, n-1]).
    [Theory]
    [MemberData(nameof(CaseIds))]
    public void VerifyDer_WycheproofCase_MatchesExpectedResult(int tcId)
    {
        // Arrange
        var c = Cases.Value[tcId];

        // Act
        var accepted = EcdsaP384.VerifyDer(c.PublicKey, c.Message, c.Signature);

        // Assert
        Assert.True(
            accepted == (c.Result == "valid"),
            $"tcId {c.TcId} ({c.Comment}; flags {string.Join(",", c.Flags)}): expected {c.Result}, verifier said {(accepted ? "valid" : "invalid")}.");
    }

    // Every valid case also verifies in the raw r||s (SPDM) form.
    [Theory]
    [MemberData(nameof(ValidCaseIds))]
    public void VerifyRaw_WycheproofValidCaseAsRawSignature_Verifies(int tcId)
    {
        // Arrange
        var c = Cases.Value[tcId];
        var raw = ToRaw(c.Signature);

        // Act
        var accepted = EcdsaP384.VerifyRaw(c.PublicKey, c.Message, raw);

        // Assert
        Assert.True(accepted, $"tcId {c.TcId} ({c.Comment})");
    }

    private static byte[] ToRaw(byte[] der)
    {
        // SEQUENCE { INTEGER r, INTEGER s } with short or 0x81 lengths, as in valid P-384 signatures.
        var p = der[1] == 0x81 ? 3 : 2;
        var raw = new byte[96];
        for (var i = 0; i < 2; i++)
        {
            var length = der[p + 1];
            var value = der.AsSpan(p + 2, length).TrimStart((byte)0);
            value.CopyTo(raw.AsSpan((i * 48) + 48 - value.Length));
            p += 2 + length;
        }

        return raw;
    }

    private static Dictionary<int, WycheproofCase> Load() => WycheproofVectors.Load("ecdsa_secp384r1_sha384_test.json", group =>
    {
        Assert.Equal("SHA-384", group.GetProperty("sha").GetString());
        return Convert.FromHexString(group.GetProperty("publicKeyDer").GetString()!);
    });
}
