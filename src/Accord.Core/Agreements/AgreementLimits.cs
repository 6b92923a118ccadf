namespace Accord.Core.Agreements;

/// <summary>The ranges <see cref="AgreementValidator"/> enforces.</summary>
public static class AgreementLimits
{
    /// <summary>The longest title.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The longest agreement text.</summary>
    public const int MaxTextLength = 100_000;

    /// <summary>The fewest parties to an agreement.</summary>
    public const int MinParties = 2;

    /// <summary>The most parties to an agreement.</summary>
    public const int MaxParties = 100;
}
