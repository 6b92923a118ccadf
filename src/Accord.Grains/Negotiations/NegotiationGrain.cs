using System.Globalization;
using Accord.Core.Parties;
using Accord.Core.Registry;
using Accord.Grains.Abstractions.Negotiations;
using Accord.Grains.Abstractions.Parties;
using Accord.Grains.Common;
using Accord.Grains.Log;
using Accord.Negotiation.Agreements;
using Microsoft.Extensions.Options;

namespace Accord.Grains.Negotiations;

/// <summary>
/// A negotiation session. It keeps the spec, the human moves accepted so far and, once the session is
/// over, its result and events; the engine itself runs in a <see cref="SessionEngine"/> off the grain's
/// scheduler, so reads (which interleave) stay answered while agents compute or a human thinks. After a
/// reactivation the engine replays the recorded human moves to get back to where it was.
/// </summary>
public sealed class NegotiationGrain(
    [PersistentState("negotiation", AccordStorage.Name)] IPersistentState<NegotiationSessionState> state,
    IWireFormat wire,
    IOptions<NegotiationOptions> limits,
    TimeProvider time) : Grain, INegotiationGrain
{
    /// <summary>How long Run and SubmitMove wait for the session to pause (a human turn or the end) before returning it still running.</summary>
    public static readonly TimeSpan PauseWait = TimeSpan.FromSeconds(20);

    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ParsedSession? _parsed;
    private SessionEngine? _engine;
    private Task _persisted = Task.CompletedTask;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.IsCreated && state.State.Started && !state.State.IsOver)
        {
            StartEngine();
        }

        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _engine?.Dispose();
        return Task.CompletedTask;
    }

    public async Task<Outcome<NegotiationSessionView>> Create(NegotiationSessionSpec spec, string createdBy, CancellationToken cancellationToken = default)
    {
        var id = this.GetPrimaryKeyString();
        if (state.State.IsCreated)
        {
            return Rejection.Of(RejectionCode.AlreadyExists, "SESSION_EXISTS", $"session '{id}' already exists", "session_id");
        }

        var parsed = SessionSpecs.Parse(spec);
        if (parsed.Rejection is { } rejection)
        {
            return rejection;
        }

        var session = parsed.Value!;
        if (session.Domain.OutcomeCount > limits.Value.MaxOutcomes)
        {
            return Rejection.Of(RejectionCode.InvalidArgument, "DOMAIN_TOO_LARGE",
                $"domain '{session.Domain.Name}' has {session.Domain.OutcomeCount:N0} outcomes; a session on this server takes at most {limits.Value.MaxOutcomes:N0}",
                "domain");
        }

        for (var i = 0; i < session.Seats.Count; i++)
        {
            if (session.Seats[i].Agent == SessionSpecs.Human && await GrainFactory.GetGrain<IPartyGrain>(session.Seats[i].PartyId).Get() is null)
            {
                return Rejection.Of(RejectionCode.InvalidArgument, "UNKNOWN_PARTY",
                    $"party '{session.Seats[i].PartyId}' is not registered; a human seat's moves are signed by its registry party", $"seats[{i}].party_id");
            }
        }

        // Charged last, once the session is known to be valid: a refused session costs its creator nothing.
        if (await GrainFactory.GetGrain<IPartyGrain>(createdBy).ReserveSession(SessionSpecs.Bytes(spec), limits.Value.MaxSessionsPerParty, limits.Value.MaxSessionBytesPerParty, cancellationToken) is { } overQuota)
        {
            return overQuota;
        }

        state.State = new NegotiationSessionState
        {
            SessionId = id,
            CreatedBy = createdBy,
            Spec = spec with { Seats = [.. session.Seats], Rounds = session.Options.MaxRounds },
            CreatedAt = time.GetUtcNow(),
        };
        await WriteAsync(cancellationToken);
        _parsed = session;
        return Outcome<NegotiationSessionView>.Ok(View());
    }

    public async Task<Outcome<NegotiationSessionView>> Run(string partyId, bool stop = false, CancellationToken cancellationToken = default)
    {
        if (!state.State.IsCreated)
        {
            return NotFound();
        }

        var owners = new List<string> { state.State.CreatedBy };
        owners.AddRange(Parsed.Seats.Select(s => s.PartyId));
        if (Permissions.Check(PartyAction.RunSession, ActingParty.ById(partyId), new PermissionSubject(state.State.SessionId, owners)) is { } refusal)
        {
            return refusal;
        }

        if (stop)
        {
            return await StopAsync(partyId, cancellationToken);
        }

        if (state.State.IsOver && _engine is null)
        {
            return Outcome<NegotiationSessionView>.Ok(View());
        }

        if (!state.State.Started)
        {
            state.State = state.State with { Started = true };
            await WriteAsync(cancellationToken);
            StartEngine();
        }

        await WaitForPauseAsync(cancellationToken);
        return Outcome<NegotiationSessionView>.Ok(View());
    }

    private async Task<Outcome<NegotiationSessionView>> StopAsync(string partyId, CancellationToken cancellationToken)
    {
        if (state.State.IsOver)
        {
            return Outcome<NegotiationSessionView>.Ok(View());
        }

        var reason = $"STOPPED: party '{partyId}' stopped the session";
        if (_engine is null)
        {
            // Never run: it never will.
            state.State = state.State with { Failure = reason, Events = [new NegotiationEvent { Index = 0, Kind = NegotiationEventKind.Failed, Failure = reason }] };
            await WriteAsync(cancellationToken);
            return Outcome<NegotiationSessionView>.Ok(View());
        }

        // The engine stops at its next step (a waiting human seat at once); then its failure is made durable.
        _engine.Stop(reason);
        await _engine.Completion.WaitAsync(cancellationToken);
        await _persisted;
        return Outcome<NegotiationSessionView>.Ok(View());
    }

    public async Task<Outcome<NegotiationSessionView>> SubmitMove(HumanMoveCommand move, CancellationToken cancellationToken = default)
    {
        if (!state.State.IsCreated)
        {
            return NotFound();
        }

        var seats = state.State.Spec!.Seats;
        if (move.Seat < 0 || move.Seat >= seats.Count)
        {
            return Rejection.Of(RejectionCode.InvalidArgument, "INVALID_ARGUMENT", $"the session has seats 0 to {seats.Count - 1}; got {move.Seat}", "seat");
        }

        var seat = seats[move.Seat];
        if (Permissions.Check(PartyAction.SubmitMove, ActingParty.ById(move.PartyId), PermissionSubject.Of(move.Seat.ToString(CultureInfo.InvariantCulture), seat.PartyId)) is { } notSeatOwner)
        {
            return notSeatOwner;
        }

        if (seat.Agent != SessionSpecs.Human)
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "NOT_A_HUMAN_SEAT", $"seat {move.Seat} is played by the agent '{seat.Agent}'", "seat");
        }

        if (!state.State.Started)
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "SESSION_NOT_STARTED", $"session '{state.State.SessionId}' has not started; call RunSession first");
        }

        await WaitForPauseAsync(cancellationToken);
        var snapshot = _engine?.Snapshot();
        if (state.State.IsOver || snapshot is null || snapshot.Over)
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "SESSION_OVER", $"session '{state.State.SessionId}' is over");
        }

        if (snapshot.Awaiting is not { } turn || turn.Seat != move.Seat)
        {
            var whose = snapshot.Awaiting is { } other ? $"seat {other.Seat} ({other.PartyId}) must move" : "the agents are still moving";
            return Rejection.Of(RejectionCode.FailedPrecondition, "NOT_YOUR_TURN", $"it is not seat {move.Seat}'s turn: {whose}", "seat");
        }

        if (turn.Step != move.Step)
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "WRONG_STEP", $"seat {move.Seat} is asked to move at step {turn.Step}, not {move.Step}", "step");
        }

        var checkedMove = HumanMoves.Check(Parsed.Domain, turn, move);
        if (checkedMove.Rejection is { } refused)
        {
            return refused;
        }

        var receipt = await GrainFactory.LogAsync(wire, move.Envelope, cancellationToken);
        var record = checkedMove.Value! with { LogIndex = receipt.Index };
        await WriteAsync(cancellationToken, s => s with { HumanMoves = s.HumanMoves.Add(record) });
        if (!_engine!.TrySubmit(record))
        {
            throw new InvalidOperationException($"session '{state.State.SessionId}' stopped waiting for seat {move.Seat} at step {move.Step}");
        }

        await WaitForPauseAsync(cancellationToken);
        return Outcome<NegotiationSessionView>.Ok(View(), receipt);
    }

    public Task<NegotiationSessionView?> Get() => Task.FromResult(state.State.IsCreated ? View() : null);

    public async Task<Outcome<NegotiationEventBatch>> WaitForEvents(int fromIndex, CancellationToken cancellationToken = default)
    {
        if (!state.State.IsCreated)
        {
            return NotFound();
        }

        if (fromIndex < 0)
        {
            return Rejection.Of(RejectionCode.InvalidArgument, "INVALID_ARGUMENT", "from_index must not be negative", "from_index");
        }

        if (!state.State.Started)
        {
            try
            {
                await _started.Task.WaitAsync(PauseWait, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                return Outcome<NegotiationEventBatch>.Ok(new NegotiationEventBatch());
            }
        }

        if (Batch(fromIndex) is { } ready)
        {
            return Outcome<NegotiationEventBatch>.Ok(ready);
        }

        var (_, version, _) = _engine!.EventsFrom(fromIndex);
        await _engine.WaitForChangeAsync(version, PauseWait, time, cancellationToken);
        return Outcome<NegotiationEventBatch>.Ok(Batch(fromIndex) ?? new NegotiationEventBatch());
    }

    public async Task<Outcome<SessionAgreementDraft>> DraftAgreement(string agreementId, string? title, CancellationToken cancellationToken = default)
    {
        if (!state.State.IsCreated)
        {
            return NotFound();
        }

        if (_engine?.Snapshot().Over == true)
        {
            // The engine has stopped: wait for its result to be durable (a running session is simply not over yet).
            await _persisted;
        }

        if (state.State.Result is not { } result)
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "SESSION_NOT_OVER", $"session '{state.State.SessionId}' has not ended");
        }

        if (!result.Agreement || result.Deal is null)
        {
            return Rejection.Of(RejectionCode.FailedPrecondition, "NO_AGREEMENT", $"session '{state.State.SessionId}' ended without agreement ({result.EndReason})");
        }

        if (!Identifiers.IsValidSlug(agreementId))
        {
            return Rejection.Of(RejectionCode.InvalidArgument, "INVALID_ARGUMENT", "must be 1 to 64 of [a-z0-9._-], starting with a letter or digit", "agreement_id");
        }

        var domain = Parsed.Domain;
        var parties = new List<DealParty>();
        for (var i = 0; i < Parsed.Seats.Count; i++)
        {
            var party = await GrainFactory.GetGrain<IPartyGrain>(Parsed.Seats[i].PartyId).Get();
            // A deal's commitments fall to the parties that may make commitments.
            var makesCommitments = party is not null && Permissions.Allows(PartyAction.RegisterCommitment, party.ToActingParty());
            parties.Add(new DealParty(domain.Parties[i].Name, Parsed.Seats[i].PartyId, makesCommitments));
        }

        var deal = new NegotiatedDeal(
            state.State.SessionId,
            domain.Name,
            SessionRecords.Describe(state.State.Spec!.Protocol),
            result.Rounds,
            DealCommitments.Map(domain, domain.OutcomeOf([.. result.Deal])),
            parties);
        var draft = DealAgreement.Draft(agreementId, title, deal);
        return Outcome<SessionAgreementDraft>.Ok(new SessionAgreementDraft
        {
            AgreementId = draft.Draft.AgreementId,
            Title = draft.Draft.Title,
            Text = draft.Draft.Text,
            PartyIds = [.. draft.Draft.PartyIds],
            Commitments = [.. draft.Commitments.Select(c => new DealCommitmentRecord
            {
                PartyId = c.PartyId,
                Issue = c.Issue,
                Title = c.Title,
                Terms = wire.EncodeTerms(c.Terms),
                Description = c.Description,
                Command = c.Command,
            })],
        });
    }

    private ParsedSession Parsed
    {
        get
        {
            if (_parsed is null)
            {
                var parsed = SessionSpecs.Parse(state.State.Spec!);
                _parsed = parsed.Value ?? throw new InvalidOperationException($"stored session '{state.State.SessionId}' no longer parses: {parsed.Rejection!.Message}");
            }

            return _parsed;
        }
    }

    private void StartEngine()
    {
        _engine = new SessionEngine(Parsed, state.State.HumanMoves, limits.Value.MaxComputeTime);
        _engine.Start();
        _persisted = PersistWhenOverAsync(_engine);
        _started.TrySetResult();
    }

    /// <summary>Runs on the grain's scheduler: once the engine stops, writes the result (or the failure) and every event.</summary>
    private async Task PersistWhenOverAsync(SessionEngine engine)
    {
        await engine.Completion;
        var snapshot = engine.Snapshot();
        if (snapshot.Canceled)
        {
            return;
        }

        await WriteAsync(CancellationToken.None, s => s with
        {
            Result = snapshot.Result is { } result ? SessionRecords.ToRecord(result) : null,
            Failure = snapshot.Failure,
            Events = [.. snapshot.Events],
        });
    }

    /// <summary>Waits (at most <see cref="PauseWait"/>) until the engine waits for a human or has stopped, and once stopped until that is durable.</summary>
    private async Task WaitForPauseAsync(CancellationToken cancellationToken)
    {
        if (_engine is null)
        {
            await _persisted;
            return;
        }

        var start = time.GetTimestamp();
        while (true)
        {
            var (paused, version) = _engine.PauseState();
            if (paused)
            {
                break;
            }

            var remaining = PauseWait - time.GetElapsedTime(start);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            await _engine.WaitForChangeAsync(version, remaining, time, cancellationToken);
        }

        if (_engine.Snapshot().Over)
        {
            await _persisted;
        }
    }

    private NegotiationEventBatch? Batch(int fromIndex)
    {
        if (state.State.IsOver)
        {
            var events = state.State.Events;
            return new NegotiationEventBatch
            {
                Events = fromIndex < events.Count ? events.GetRange(fromIndex, events.Count - fromIndex) : [],
                Complete = true,
                Result = state.State.Result,
            };
        }

        var (pending, _, over) = _engine!.EventsFrom(fromIndex);
        if (pending.Count == 0 && !over)
        {
            return null;
        }

        var snapshot = _engine.Snapshot();
        return new NegotiationEventBatch
        {
            Events = [.. pending],
            Complete = over,
            Result = snapshot.Result is { } result ? SessionRecords.ToRecord(result) : null,
        };
    }

    private NegotiationSessionView View()
    {
        var s = state.State;
        var spec = s.Spec!;
        var domain = Parsed.Domain;
        var snapshot = _engine?.Snapshot();
        var events = s.IsOver ? s.Events : snapshot?.Events ?? [];
        var result = s.Result ?? (snapshot?.Result is { } r ? SessionRecords.ToRecord(r) : null);
        var failure = s.Failure ?? snapshot?.Failure;
        var status = result is not null ? NegotiationSessionStatus.Finished
            : failure is not null ? NegotiationSessionStatus.Failed
            : !s.Started ? NegotiationSessionStatus.Created
            : snapshot?.Awaiting is not null ? NegotiationSessionStatus.AwaitingMove
            : NegotiationSessionStatus.Running;
        return new NegotiationSessionView
        {
            SessionId = s.SessionId,
            CreatedBy = s.CreatedBy,
            Domain = domain.Name,
            Issues = [.. domain.Issues.Select(i => new NegotiationIssueView { Name = i.Name, Values = [.. i.Labels] })],
            Seats = [.. Parsed.Seats.Select((seat, i) => new NegotiationSeatView { Name = domain.Parties[i].Name, Agent = seat.Agent, PartyId = seat.PartyId })],
            Protocol = spec.Protocol,
            Rounds = Parsed.Options.MaxRounds,
            Seed = spec.Seed,
            Status = status,
            Awaiting = status == NegotiationSessionStatus.AwaitingMove ? snapshot!.Awaiting : null,
            Trace = [.. events.Where(e => e.Move is not null).Select(e => e.Move!)],
            Result = result,
            EventCount = events.Count,
            Failure = failure,
        };
    }

    private Task WriteAsync(CancellationToken cancellationToken) => WriteAsync(cancellationToken, s => s);

    /// <summary>Applies <paramref name="change"/> and writes, one write at a time (the engine's persister may write beside a request).</summary>
    private async Task WriteAsync(CancellationToken cancellationToken, Func<NegotiationSessionState, NegotiationSessionState> change)
    {
        await _writes.WaitAsync(cancellationToken);
        try
        {
            state.State = change(state.State);
            await state.WriteStateAsync(cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    private Rejection NotFound() =>
        Rejection.Of(RejectionCode.NotFound, "UNKNOWN_SESSION", $"no negotiation session '{this.GetPrimaryKeyString()}'", "session_id");
}
