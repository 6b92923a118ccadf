namespace Accord.Agent.Upload;

/// <summary>
/// Exponential backoff with "equal jitter": the n-th delay is drawn uniformly from [c/2, c] where
/// c = min(max, initial × 2^n), so that many agents cut off together do not come back together.
/// </summary>
public sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private int _attempt;

    /// <summary>Creates the policy (by default 100 ms doubling to 5 s).</summary>
    public Backoff(TimeSpan? initial = null, TimeSpan? max = null, Random? random = null)
    {
        _initial = initial ?? TimeSpan.FromMilliseconds(100);
        _max = max ?? TimeSpan.FromSeconds(5);
        if (_initial <= TimeSpan.Zero || _max < _initial)
        {
            throw new ArgumentOutOfRangeException(nameof(initial), "The initial delay is positive and at most the maximum.");
        }

        _random = random ?? Random.Shared;
    }

    /// <summary>Failures since the last <see cref="Reset"/>.</summary>
    public int Attempt => _attempt;

    /// <summary>The ceiling of the next delay: min(max, initial × 2^attempt).</summary>
    public TimeSpan Ceiling => _attempt >= 30 ? _max : TimeSpan.FromTicks(Math.Min(_max.Ticks, _initial.Ticks * (1L << _attempt)));

    /// <summary>The delay before the next try; each call doubles the ceiling up to the maximum.</summary>
    public TimeSpan Next()
    {
        var ceiling = Ceiling;
        if (_attempt < 30)
        {
            _attempt++;
        }

        var half = ceiling.Ticks / 2;
        return TimeSpan.FromTicks(half + (long)(_random.NextDouble() * (ceiling.Ticks - half)));
    }

    /// <summary>Back to the initial delay (after a success).</summary>
    public void Reset() => _attempt = 0;
}
