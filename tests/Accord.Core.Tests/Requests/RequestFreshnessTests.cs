using Accord.Core.Requests;

namespace Accord.Core.Tests.Requests;

public sealed class RequestFreshnessTests
{
    private const string Nonce = "0123456789abcdef0123456789abcdef";

    private static readonly DateTimeOffset Now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly FreshnessPolicy Policy = FreshnessPolicy.Default;
    private static readonly Dictionary<string, DateTimeOffset> NoneSeen = [];

    [Fact]
    public void Default_MaxSkew_IsFiveMinutes()
    {
        // Act
        var skew = FreshnessPolicy.Default.MaxSkew;

        // Assert
        Assert.Equal(TimeSpan.FromMinutes(5), skew);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Policy_NonPositiveSkew_Throws(long ticks)
    {
        // Act
        var act = () => new FreshnessPolicy(TimeSpan.FromTicks(ticks));

        // Assert
        Assert.Throws<ArgumentOutOfRangeException>(act);
    }

    [Theory]
    [InlineData(-5 * TimeSpan.TicksPerMinute, FreshnessVerdict.Fresh)]
    [InlineData(-5 * TimeSpan.TicksPerMinute - 1, FreshnessVerdict.TooOld)]
    [InlineData(5 * TimeSpan.TicksPerMinute, FreshnessVerdict.Fresh)]
    [InlineData(5 * TimeSpan.TicksPerMinute + 1, FreshnessVerdict.TooNew)]
    [InlineData(0, FreshnessVerdict.Fresh)]
    [InlineData(-TimeSpan.TicksPerDay, FreshnessVerdict.TooOld)]
    [InlineData(TimeSpan.TicksPerDay, FreshnessVerdict.TooNew)]
    public void Check_RequestTimeOffsetFromNow_JudgedAgainstSkewBoundary(long offsetTicks, FreshnessVerdict expected)
    {
        // Arrange
        var requestTime = Now.AddTicks(offsetTicks);

        // Act
        var verdict = RequestFreshness.Check(Policy, requestTime, Nonce, Now, NoneSeen);

        // Assert
        Assert.Equal(expected, verdict);
    }

    [Fact]
    public void Check_SameInstantInAnotherOffset_Fresh()
    {
        // Arrange: 5 minutes old, written in UTC+09:00.
        var requestTime = Now.AddMinutes(-5).ToOffset(TimeSpan.FromHours(9));

        // Act
        var verdict = RequestFreshness.Check(Policy, requestTime, Nonce, Now, NoneSeen);

        // Assert
        Assert.Equal(FreshnessVerdict.Fresh, verdict);
    }

    [Fact]
    public void Check_NonceAlreadySeen_Replayed()
    {
        // Arrange
        var seen = new Dictionary<string, DateTimeOffset> { [Nonce] = Now.AddMinutes(-1) };

        // Act
        var sameTime = RequestFreshness.Check(Policy, Now.AddMinutes(-1), Nonce, Now, seen);
        var otherTime = RequestFreshness.Check(Policy, Now, Nonce, Now, seen);

        // Assert
        Assert.Equal(FreshnessVerdict.Replayed, sameTime);
        Assert.Equal(FreshnessVerdict.Replayed, otherTime);
    }

    [Fact]
    public void Check_NonceDiffersOnlyInCase_Fresh()
    {
        // Arrange: nonces are compared byte for byte.
        var seen = new Dictionary<string, DateTimeOffset> { [Nonce] = Now };

        // Act
        var verdict = RequestFreshness.Check(Policy, Now, Nonce.ToUpperInvariant(), Now, seen);

        // Assert
        Assert.Equal(FreshnessVerdict.Fresh, verdict);
    }

    [Fact]
    public void Check_StaleReplayOfForgottenNonce_TooOld()
    {
        // Arrange: the nonce was pruned because its request time left the window.
        var requestTime = Now.AddMinutes(-6);
        var seen = RequestFreshness.Prune(Policy, new Dictionary<string, DateTimeOffset> { [Nonce] = requestTime }, Now);

        // Act
        var verdict = RequestFreshness.Check(Policy, requestTime, Nonce, Now, seen);

        // Assert
        Assert.Empty(seen);
        Assert.Equal(FreshnessVerdict.TooOld, verdict);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789abcde")] // 15
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")] // 129
    [InlineData("0123456789abcdef 123")] // space
    [InlineData("0123456789abcdef\t123")]
    [InlineData("0123456789abcdef\n123")]
    [InlineData("0123456789abcdef\u007f123")] // DEL
    [InlineData("0123456789abcdefé123")]
    [InlineData("0123456789abcdef\u0000123")]
    public void Check_MalformedNonce_MalformedNonce(string nonce)
    {
        // Act
        var verdict = RequestFreshness.Check(Policy, Now, nonce, Now, NoneSeen);

        // Assert
        Assert.Equal(FreshnessVerdict.MalformedNonce, verdict);
    }

    [Fact]
    public void Check_NullNonce_MalformedNonce()
    {
        // Act
        var verdict = RequestFreshness.Check(Policy, Now, null!, Now, NoneSeen);

        // Assert
        Assert.Equal(FreshnessVerdict.MalformedNonce, verdict);
    }

    [Fact]
    public void Check_MalformedNonceOnStaleRequest_MalformedNonceFirst()
    {
        // Act
        var verdict = RequestFreshness.Check(Policy, Now.AddDays(-1), "short", Now, NoneSeen);

        // Assert
        Assert.Equal(FreshnessVerdict.MalformedNonce, verdict);
    }

    [Theory]
    [InlineData("0123456789abcdef")] // 16
    [InlineData("!~!~!~!~!~!~!~!~")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw")] // base64url of 16 bytes
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")] // 128
    public void Check_WellFormedNonceEdges_Fresh(string nonce)
    {
        // Act
        var verdict = RequestFreshness.Check(Policy, Now, nonce, Now, NoneSeen);

        // Assert
        Assert.Equal(FreshnessVerdict.Fresh, verdict);
    }

    [Fact]
    public void Check_ExtremeClockValues_DoesNotThrow()
    {
        // Act
        var ancient = RequestFreshness.Check(Policy, DateTimeOffset.MinValue, Nonce, DateTimeOffset.MaxValue, NoneSeen);
        var future = RequestFreshness.Check(Policy, DateTimeOffset.MaxValue, Nonce, DateTimeOffset.MinValue, NoneSeen);

        // Assert
        Assert.Equal(FreshnessVerdict.TooOld, ancient);
        Assert.Equal(FreshnessVerdict.TooNew, future);
    }

    [Fact]
    public void Prune_MixedAges_KeepsOnlyWindow()
    {
        // Arrange
        var seen = new Dictionary<string, DateTimeOffset>
        {
            ["at-boundary-0000"] = Now.AddMinutes(-5),
            ["one-tick-older-0"] = Now.AddMinutes(-5).AddTicks(-1),
            ["an-hour-old-0000"] = Now.AddHours(-1),
            ["just-now-0000000"] = Now,
            ["from-the-future0"] = Now.AddMinutes(5),
        };

        // Act
        var kept = RequestFreshness.Prune(Policy, seen, Now);

        // Assert
        Assert.Equal(
            ["at-boundary-0000", "from-the-future0", "just-now-0000000"],
            kept.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Now.AddMinutes(-5), kept["at-boundary-0000"]);
        Assert.Equal(5, seen.Count);
    }

    [Fact]
    public void NewNonce_Called_Returns32LowercaseHexWellFormedAndUnique()
    {
        // Act
        var nonces = Enumerable.Range(0, 100).Select(_ => RequestFreshness.NewNonce()).ToList();

        // Assert
        Assert.All(nonces, n => Assert.Matches("^[0-9a-f]{32}$", n));
        Assert.All(nonces, n => Assert.True(RequestFreshness.IsWellFormedNonce(n)));
        Assert.Equal(nonces.Count, nonces.Distinct(StringComparer.Ordinal).Count());
    }
}
