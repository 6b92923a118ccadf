using Accord.Core.Monitoring;

namespace Accord.Core.Tests.Monitoring;

public sealed class ChallengeRulesTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Rotation = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(-1L, false)]
    [InlineData(0L, true)]
    [InlineData(1L, true)]
    public void IssueNew_NewestAroundTheRotationAge_NewFromExactlyThatAge(long ticksPastRotation, bool expected)
    {
        var issuedAt = Now - Rotation - TimeSpan.FromTicks(ticksPastRotation);
        var newest = new IssuedChallenge(new byte[32], issuedAt + Lifetime, false);

        Assert.Equal(expected, ChallengeRules.IssueNew(newest, Now, Lifetime, Rotation));
    }

    [Fact]
    public void IssueNew_NoneOrUsed_New()
    {
        Assert.True(ChallengeRules.IssueNew(null, Now, Lifetime, Rotation));
        Assert.True(ChallengeRules.IssueNew(new IssuedChallenge(new byte[32], Now + Lifetime, true), Now, Lifetime, Rotation));
    }

    [Theory]
    [InlineData(0, 3, new[] { 9 })]
    [InlineData(2, 3, new[] { 1, 2, 9 })]
    [InlineData(3, 3, new[] { 2, 3, 9 })]
    [InlineData(5, 1, new[] { 9 })]
    public void Remember_AddsNewestLast_KeepsTheHistory(int before, int history, int[] expected)
    {
        var list = Enumerable.Range(1, before).ToList();

        Assert.Equal(expected, ChallengeRules.Remember(list, 9, history, _ => ""));
    }

    [Fact]
    public void Remember_FloodOfAnonymousChallenges_KeepsThoseALabAskedFor()
    {
        IReadOnlyList<(int Nonce, string To)> kept = [(Nonce: 1, To: "lab-a"), (Nonce: 2, To: ""), (Nonce: 3, To: "lab-a")];
        for (var i = 100; i < 1100; i++)
        {
            kept = ChallengeRules.Remember<(int Nonce, string To)>(kept, (i, ""), 3, c => c.To);
        }

        kept = ChallengeRules.Remember<(int Nonce, string To)>(kept, (4, "lab-a"), 3, c => c.To);

        Assert.Equal([1, 3, 1097, 1098, 1099, 4], kept.Select(c => c.Nonce));
        Assert.Equal(3, kept.Count(c => c.To == "lab-a"));
        Assert.Equal(3, kept.Count(c => c.To == ""));
    }
}
