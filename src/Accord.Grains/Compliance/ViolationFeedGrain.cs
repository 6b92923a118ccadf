using Accord.Grains.Abstractions.Compliance;

namespace Accord.Grains.Compliance;

/// <summary>The durable, ordered feed of every violation; subscribers read it after their acknowledged position.</summary>
public sealed class ViolationFeedGrain(
    [PersistentState("violation-feed", AccordStorage.Name)] IPersistentState<ViolationFeedState> state) : Grain, IViolationFeedGrain
{
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ulong Last => state.State.Violations.Count == 0 ? 0 : state.State.Violations[^1].Sequence;

    public async Task<ImmutableList<ViolationData>> Append(ImmutableList<ViolationData> violations, CancellationToken cancellationToken = default)
    {
        var known = state.State.Violations.Select(v => v.ViolationId).ToHashSet();
        var next = Last;
        var added = violations
            .Where(v => known.Add(v.ViolationId))
            .Select(v => v with { Sequence = ++next })
            .ToImmutableList();
        if (added.Count == 0)
        {
            return added;
        }

        state.State = state.State with { Violations = state.State.Violations.AddRange(added) };
        await state.WriteStateAsync(cancellationToken);
        var appended = _appended;
        _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        appended.TrySetResult();
        return added;
    }

    public Task<ImmutableList<ViolationData>> Read(ulong after, string? partyId, int max) => Task.FromResult(
        state.State.Violations
            .Where(v => v.Sequence > after && (string.IsNullOrEmpty(partyId) || v.PartyId == partyId))
            .Take(Math.Clamp(max, 1, 1000))
            .ToImmutableList());

    public Task<ulong> LastSequence() => Task.FromResult(Last);

    public async Task<ulong> WaitAfter(ulong after, TimeSpan timeout)
    {
        if (Last <= after)
        {
            await Task.WhenAny(_appended.Task, Task.Delay(timeout));
        }

        return Last;
    }
}
