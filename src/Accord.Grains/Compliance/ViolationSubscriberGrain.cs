using Accord.Grains.Abstractions.Compliance;

namespace Accord.Grains.Compliance;

/// <summary>A subscriber's acknowledged position: a reconnect resumes after it, so nothing unacknowledged is lost.</summary>
public sealed class ViolationSubscriberGrain(
    [PersistentState("violation-subscriber", AccordStorage.Name)] IPersistentState<SubscriberState> state) : Grain, IViolationSubscriberGrain
{
    public async Task<Outcome<ulong>> Acknowledge(ulong sequence, CancellationToken cancellationToken = default)
    {
        var last = await GrainFactory.GetGrain<IViolationFeedGrain>(IViolationFeedGrain.Key).LastSequence();
        if (sequence > last)
        {
            return Rejection.Of(RejectionCode.OutOfRange, "BEYOND_FEED", $"sequence {sequence} is beyond the feed's last violation ({last})", "sequence");
        }

        if (sequence > state.State.Acknowledged)
        {
            state.State = state.State with { Acknowledged = sequence };
            await state.WriteStateAsync(cancellationToken);
        }

        return Outcome<ulong>.Ok(state.State.Acknowledged);
    }

    public Task<ulong> Acknowledged() => Task.FromResult(state.State.Acknowledged);
}
