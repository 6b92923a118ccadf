namespace Accord.Negotiation.Domains;

/// <summary>A complete deal: one value index per issue of its domain. Compared by value.</summary>
public sealed class Outcome : IEquatable<Outcome>
{
    private readonly int[] _values;
    private readonly int _hash;

    /// <summary>An outcome from its value indexes, one per issue, in the domain's issue order.</summary>
    public Outcome(IEnumerable<int> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values.ToArray();
        var h = new HashCode();
        foreach (var v in _values)
        {
            h.Add(v);
        }

        _hash = h.ToHashCode();
    }

    /// <summary>How many issues the outcome covers.</summary>
    public int Count => _values.Length;

    /// <summary>The value indexes in issue order.</summary>
    public ReadOnlySpan<int> Values => _values;

    /// <summary>The value index chosen for issue <paramref name="issue"/>.</summary>
    public int this[int issue] => _values[issue];

    /// <summary>A copy with issue <paramref name="issue"/> set to value <paramref name="value"/>.</summary>
    public Outcome With(int issue, int value)
    {
        var copy = (int[])_values.Clone();
        copy[issue] = value;
        return new Outcome(copy);
    }

    /// <inheritdoc />
    public bool Equals(Outcome? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Outcome);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <inheritdoc />
    public override string ToString() => "(" + string.Join(", ", _values) + ")";
}
