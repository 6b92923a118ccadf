namespace Accord.Agent.Chips;

/// <summary>The workload a <see cref="SimulatedChip"/> pretends to run (see its documentation for each shape).</summary>
public enum ChipPattern
{
    /// <summary>"idle": never active, idle board power.</summary>
    Idle,

    /// <summary>"steady": one workload, always active, constant utilisation.</summary>
    Steady,

    /// <summary>"bursty": 10-second windows, each active or not at random, utilisation random per window.</summary>
    Bursty,

    /// <summary>"training-run": hourly training runs in phases (startup, training with checkpoints, evaluation, gap).</summary>
    TrainingRun,
}

/// <summary>The names of <see cref="ChipPattern"/> values as options and the CLI spell them.</summary>
public static class ChipPatterns
{
    /// <summary>Every name, in declaration order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["idle", "steady", "bursty", "training-run"];

    /// <summary>The option name of <paramref name="pattern"/>.</summary>
    public static string Name(ChipPattern pattern) => pattern switch
    {
        ChipPattern.Idle => "idle",
        ChipPattern.Steady => "steady",
        ChipPattern.Bursty => "bursty",
        ChipPattern.TrainingRun => "training-run",
        _ => throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "Not a defined pattern."),
    };

    /// <summary>Reads a pattern name (case-insensitive); false when it is none of <see cref="Names"/>.</summary>
    public static bool TryParse(string? name, out ChipPattern pattern)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "idle":
                pattern = ChipPattern.Idle;
                return true;
            case "steady":
                pattern = ChipPattern.Steady;
                return true;
            case "bursty":
                pattern = ChipPattern.Bursty;
                return true;
            case "training-run":
                pattern = ChipPattern.TrainingRun;
                return true;
            default:
                pattern = default;
                return false;
        }
    }
}
