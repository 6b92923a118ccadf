using Accord.Core.Registry;

namespace Accord.Protos.Mapping;

/// <summary>
/// The result of mapping a proto message to the domain: a value, or the violations that stop it.
/// Mappers set <see cref="Value"/> only when there are no violations, so <see cref="Ok"/> is
/// equivalent to <c>Value is not null</c> except where a mapper documents that a null input maps to
/// a null value with no violations.
/// </summary>
/// <typeparam name="T">The domain type.</typeparam>
/// <param name="Value">The mapped value; null when there are violations.</param>
/// <param name="Violations">What is wrong, by proto field path.</param>
public sealed record Mapped<T>(T? Value, IReadOnlyList<FieldViolation> Violations)
{
    /// <summary>Whether the mapping produced a value and found nothing wrong.</summary>
    public bool Ok => Violations.Count == 0 && Value is not null;
}

/// <summary>Constructors for <see cref="Mapped{T}"/>.</summary>
internal static class Mapped
{
    public static Mapped<T> From<T>(T? value, List<FieldViolation> violations)
        where T : class =>
        violations.Count == 0 ? new(value, violations) : new(null, violations);
}
