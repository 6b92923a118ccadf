using Accord.Grains.Abstractions.Parties;

namespace Accord.Grains.Parties;

/// <summary>The set of registered party ids, so that parties can be listed.</summary>
public sealed class PartyDirectoryGrain(
    [PersistentState("party-directory", AccordStorage.Name)] IPersistentState<PartyDirectoryState> state) : Grain, IPartyDirectoryGrain
{
    public async Task Add(string partyId, CancellationToken cancellationToken = default)
    {
        if (state.State.PartyIds.Contains(partyId))
        {
            return;
        }

        state.State = state.State with { PartyIds = state.State.PartyIds.Add(partyId) };
        await state.WriteStateAsync(cancellationToken);
    }

    public Task<ImmutableList<string>> List() => Task.FromResult(state.State.PartyIds.ToImmutableList());
}
