using Accord.Client;

namespace Accord.Agent;

/// <summary>A refusal the server gave the agent.</summary>
/// <param name="DeviceId">The device it concerns; null for the lab's monitoring stream as a whole.</param>
/// <param name="What">What was refused: "reporting key", "challenge", "monitoring stream", "report".</param>
/// <param name="Refusal">The status, reason and words the server gave.</param>
public sealed record AgentRefusal(string? DeviceId, string What, ServerRefusal Refusal)
{
    /// <summary>"device GPU-1: reporting key refused: PERMISSION_DENIED (NOT_OWNER): ..."</summary>
    public override string ToString() => DeviceId is null ? $"{What} refused: {Refusal}" : $"device {DeviceId}: {What} refused: {Refusal}";
}

/// <summary>The server refused the agent in a way no retry cures (<see cref="RefusalKind.Final"/>): the agent stopped.</summary>
public sealed class AgentRefusedException(AgentRefusal refusal)
    : Exception($"{refusal}; retrying cannot fix this, so the agent stopped")
{
    /// <summary>The refusal that stopped the agent.</summary>
    public AgentRefusal Refusal { get; } = refusal;
}

/// <summary>
/// Where every part of the agent hands the server's refusals: a final one (<see cref="ServerRefusal.Kind"/>) stops the
/// agent by throwing <see cref="AgentRefusedException"/>; any other is told once through <see cref="Refused"/> (once per
/// device, status and reason, however many reports or retries meet it again).
/// </summary>
public sealed class AgentRefusals
{
    private readonly HashSet<(string?, string, Grpc.Core.StatusCode?, string?)> _told = [];

    /// <summary>Raised the first time each refusal that retrying may cure is met.</summary>
    public event Action<AgentRefusal>? Refused;

    /// <summary>Tells <paramref name="refusal"/> once, or stops the agent when it is final.</summary>
    /// <exception cref="AgentRefusedException">The refusal is final.</exception>
    public void Handle(AgentRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        if (refusal.Refusal.Kind == RefusalKind.Final)
        {
            throw new AgentRefusedException(refusal);
        }

        bool first;
        lock (_told)
        {
            first = _told.Add((refusal.DeviceId, refusal.What, refusal.Refusal.Status, refusal.Refusal.Reason));
        }

        if (first)
        {
            Refused?.Invoke(refusal);
        }
    }
}
