using Accord.Grains.Abstractions.Common;

namespace Accord.Grains.Abstractions.Negotiations;

/// <summary>
/// One negotiation session, keyed by session id: holds the spec, runs the engine (Accord.Negotiation),
/// takes human seats' moves, and keeps the result. Run and SubmitMove return once the session waits
/// for a human, has ended, or after <c>NegotiationGrain.PauseWait</c> (then still running); reads interleave.
/// </summary>
[Alias("accord.negotiation")]
public interface INegotiationGrain : IGrainWithStringKey
{
    /// <summary>Creates the session; refused if the id is taken, the domain is malformed, an agent is unknown or the seats do not match the domain's parties.</summary>
    [Alias("create")]
    /// <remarks><paramref name="createdBy"/>, authenticated by the caller, is charged for it against its session quota.</remarks>
    Task<Outcome<NegotiationSessionView>> Create(NegotiationSessionSpec spec, string createdBy, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts the session, or waits on a started one: returns when it ends or waits for a human seat; with
    /// <paramref name="stop"/>, stops it instead (it ends failed, "STOPPED"). Only its creator or a party holding one of
    /// its seats (<paramref name="partyId"/>, authenticated by the caller) may.
    /// </summary>
    [Alias("run")]
    Task<Outcome<NegotiationSessionView>> Run(string partyId, bool stop = false, CancellationToken cancellationToken = default);

    /// <summary>A human seat's move: refused unless the signer holds the seat, it is that seat's turn and step, and the move is legal and in the domain.</summary>
    [Alias("submit-move")]
    Task<Outcome<NegotiationSessionView>> SubmitMove(HumanMoveCommand move, CancellationToken cancellationToken = default);

    /// <summary>The session as it is now, or null when unknown.</summary>
    [Alias("get")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<NegotiationSessionView?> Get();

    /// <summary>Events from <paramref name="fromIndex"/>; waits (a bounded time) for new ones when there are none yet and the session is not over.</summary>
    [Alias("events")]
    [Orleans.Concurrency.AlwaysInterleave]
    Task<Outcome<NegotiationEventBatch>> WaitForEvents(int fromIndex, CancellationToken cancellationToken = default);

    /// <summary>The agreement an agreed session stands for; refused unless the session ended in agreement.</summary>
    [Alias("draft-agreement")]
    Task<Outcome<SessionAgreementDraft>> DraftAgreement(string agreementId, string? title, CancellationToken cancellationToken = default);
}
