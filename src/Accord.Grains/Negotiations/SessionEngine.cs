using Accord.Grains.Abstractions.Negotiations;
using Accord.Negotiation;
using Accord.Negotiation.Agents;
using Accord.Negotiation.Domains;
using Accord.Negotiation.Protocols;

namespace Accord.Grains.Negotiations;

/// <summary>
/// Runs one session of the engine on the thread pool (off the grain's scheduler) and records its
/// events. A human seat's turn parks the engine on a task that <see cref="TrySubmit"/> completes; the
/// grain waits for a pause (a human turn, or the end) with <see cref="WaitForChangeAsync"/>. Moves
/// recorded before a reactivation are replayed in order: the engine is deterministic given the seed,
/// so replay brings the session back to the turn it was waiting on. Thread-safe: every field below is
/// read and written under one lock.
/// </summary>
internal sealed class SessionEngine : IDisposable
{
    private readonly object _gate = new();
    private readonly ParsedSession _session;
    private readonly Queue<HumanMoveRecord> _replay;
    private readonly List<NegotiationEvent> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _timeBox = new();
    private readonly System.Diagnostics.Stopwatch _computing = new();
    private readonly TimeSpan _maxCompute;
    private Timer? _watch;
    private string? _stopReason;
    private TaskCompletionSource _changed = NewSignal();
    private IReadOnlyList<TraceEntry>? _trace;
    private int _traceSynced;
    private (NegotiationTurn Turn, TaskCompletionSource<HumanMoveRecord> Move)? _pending;
    private Task? _completion;
    private int _version;
    private NegotiationResult? _result;
    private string? _failure;
    private bool _canceled;

    /// <param name="session">The session.</param>
    /// <param name="recordedMoves">The human moves made so far, replayed first.</param>
    /// <param name="maxCompute">How long the agents may compute in all; time waiting for a human does not count.</param>
    public SessionEngine(ParsedSession session, IEnumerable<HumanMoveRecord> recordedMoves, TimeSpan maxCompute)
    {
        _session = session;
        _replay = new Queue<HumanMoveRecord>(recordedMoves);
        _maxCompute = maxCompute;
    }

    /// <summary>Completes when the engine has stopped (ended, failed or cancelled); never faults.</summary>
    public Task Completion => _completion ?? throw new InvalidOperationException("The engine has not started.");

    /// <summary>Starts the engine on the thread pool.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _computing.Start();
        }

        var period = TimeSpan.FromTicks(Math.Clamp(_maxCompute.Ticks / 4, TimeSpan.FromMilliseconds(10).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _watch = new Timer(_ => CheckTimeBox(), null, period, period);
        _completion = Task.Run(RunAsync);
    }

    /// <summary>A consistent view of where the engine is.</summary>
    public EngineSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new EngineSnapshot(_version, _pending?.Turn, [.. _events], _result, _failure, _canceled);
        }
    }

    /// <summary>The events from <paramref name="fromIndex"/>, with the version they were read at.</summary>
    public (IReadOnlyList<NegotiationEvent> Events, int Version, bool Over) EventsFrom(int fromIndex)
    {
        lock (_gate)
        {
            var events = fromIndex < _events.Count ? _events.GetRange(fromIndex, _events.Count - fromIndex) : [];
            return (events, _version, IsOver);
        }
    }

    /// <summary>Whether the engine waits for a human or has stopped, and the version that was read at.</summary>
    public (bool Paused, int Version) PauseState()
    {
        lock (_gate)
        {
            return (_pending is not null || IsOver, _version);
        }
    }

    /// <summary>Returns when the version is no longer <paramref name="version"/>, or after <paramref name="timeout"/>.</summary>
    public async Task WaitForChangeAsync(int version, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            if (_version != version)
            {
                return;
            }

            changed = _changed.Task;
        }

        try
        {
            await changed.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // A bounded wait: the caller looks again.
        }
    }

    /// <summary>Hands <paramref name="move"/> to the waiting human seat; false unless it waits for exactly that seat and step.</summary>
    public bool TrySubmit(HumanMoveRecord move)
    {
        lock (_gate)
        {
            if (_pending is not { } pending || pending.Turn.Seat != move.Seat || pending.Turn.Step != move.Step)
            {
                return false;
            }

            _pending = null;
            Changed();
            pending.Move.SetResult(move);
            return true;
        }
    }

    /// <summary>Stops the engine (on deactivation): a waiting human seat is cancelled and the run ends as cancelled.</summary>
    /// <summary>Stops the run at its next step on behalf of a party: it ends failed with <paramref name="reason"/>.</summary>
    public void Stop(string reason)
    {
        lock (_gate)
        {
            _stopReason ??= reason;
        }

        _timeBox.Cancel();
    }

    public void Dispose()
    {
        _watch?.Dispose();
        _stop.Cancel();
    }

    /// <summary>Called by a human seat on the engine's thread: records the turn and waits for the move (or takes the next recorded one).</summary>
    internal async ValueTask<HumanMoveRecord> AwaitMoveAsync(int seat, NegotiationState state, NegotiationTurnKind kind, CancellationToken cancellationToken)
    {
        TaskCompletionSource<HumanMoveRecord> move;
        lock (_gate)
        {
            _trace = state.Trace;
            SyncTrace();
            var turn = new NegotiationTurn
            {
                Seat = seat,
                PartyId = _session.Seats[seat].PartyId,
                Step = state.Step,
                Round = state.Round,
                Kind = kind,
                CurrentOffer = state.CurrentOffer is { } offer ? [.. _session.Domain.Labels(offer)] : null,
                CurrentProposer = state.CurrentProposer,
            };
            Add(new NegotiationEvent { Kind = NegotiationEventKind.Turn, Turn = turn });
            if (_replay.TryDequeue(out var recorded))
            {
                if (recorded.Seat != seat || recorded.Step != state.Step)
                {
                    throw new InvalidOperationException(
                        $"replay diverged: the recorded move is seat {recorded.Seat} at step {recorded.Step}, the session asks seat {seat} at step {state.Step}");
                }

                Changed();
                return recorded;
            }

            move = new TaskCompletionSource<HumanMoveRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending = (turn, move);
            _computing.Stop(); // a human's time is not the server's work
            Changed();
        }

        using var registration = cancellationToken.Register(() => move.TrySetCanceled(cancellationToken));
        try
        {
            return await move.Task.ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _computing.Start();
            }
        }
    }

    private bool IsOver => _result is not null || _failure is not null || _canceled;

    private void CheckTimeBox()
    {
        bool over, ended;
        lock (_gate)
        {
            ended = IsOver;
            over = _computing.Elapsed > _maxCompute && !ended;
        }

        if (ended)
        {
            _watch?.Dispose();
        }
        else if (over)
        {
            _timeBox.Cancel();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            var agents = _session.Seats
                .Select((seat, i) => seat.Agent == SessionSpecs.Human ? new HumanSeat(this, i, _session.Domain) : AgentFactory.CreateNegotiator(seat.Agent))
                .ToArray<INegotiationAgent>();
            using var running = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, _timeBox.Token);
            var result = await NegotiationRunner.RunAsync(_session.Domain, agents, _session.Options, running.Token).ConfigureAwait(false);
            lock (_gate)
            {
                _trace = result.Trace;
                SyncTrace();
                _result = result;
                Add(new NegotiationEvent { Kind = NegotiationEventKind.Ended });
                Changed();
            }
        }
        catch (OperationCanceledException) when (_timeBox.IsCancellationRequested && !_stop.IsCancellationRequested)
        {
            lock (_gate)
            {
                SyncTrace();
                _failure = _stopReason ?? $"TIME_BOX: the session's agents computed for more than {_maxCompute.TotalSeconds:0.###} s, the most a session may on this server";
                _pending = null;
                Add(new NegotiationEvent { Kind = NegotiationEventKind.Failed, Failure = _failure });
                Changed();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            lock (_gate)
            {
                _canceled = true;
                Changed();
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                SyncTrace();
                _failure = $"{e.GetType().Name}: {e.Message}";
                _pending = null;
                Add(new NegotiationEvent { Kind = NegotiationEventKind.Failed, Failure = _failure });
                Changed();
            }
        }
    }

    private void SyncTrace()
    {
        if (_trace is null)
        {
            return;
        }

        for (; _traceSynced < _trace.Count; _traceSynced++)
        {
            Add(new NegotiationEvent { Kind = NegotiationEventKind.Move, Move = SessionRecords.ToRecord(_session.Domain, _trace[_traceSynced]) });
        }
    }

    private void Add(NegotiationEvent e) => _events.Add(e with { Index = _events.Count });

    private void Changed()
    {
        _version++;
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Where an engine is.</summary>
/// <param name="Version">Bumped on every change.</param>
/// <param name="Awaiting">The human turn it waits on, or null.</param>
/// <param name="Events">Every event so far.</param>
/// <param name="Result">The result, once ended.</param>
/// <param name="Failure">Why it failed, if it did.</param>
/// <param name="Canceled">Whether it was stopped (deactivation).</param>
internal sealed record EngineSnapshot(int Version, NegotiationTurn? Awaiting, IReadOnlyList<NegotiationEvent> Events, NegotiationResult? Result, string? Failure, bool Canceled)
{
    public bool Over => Result is not null || Failure is not null || Canceled;
}

/// <summary>A human seat: each move waits for the one the grain hands in.</summary>
internal sealed class HumanSeat(SessionEngine engine, int seat, NegotiationDomain domain) : INegotiator
{
    public string Name => SessionSpecs.Human;

    public void Initialize(NegotiatorContext context)
    {
    }

    public async ValueTask<NegotiationAction> ActAsync(NegotiationState state, CancellationToken cancellationToken = default)
    {
        var kind = state.CurrentOffer is null ? NegotiationTurnKind.Propose : NegotiationTurnKind.Answer;
        var move = await engine.AwaitMoveAsync(seat, state, kind, cancellationToken).ConfigureAwait(false);
        return move.Kind switch
        {
            NegotiationMoveKind.Offer => NegotiationAction.Propose(domain.OutcomeOf([.. move.Offer!]), move.Message),
            NegotiationMoveKind.Accept => NegotiationAction.AcceptOffer(move.Message),
            NegotiationMoveKind.Reject => NegotiationAction.RejectOffer(move.Message),
            _ => NegotiationAction.EndNegotiation(move.Message),
        };
    }

    public async ValueTask<TextFeedback> ReviewAsync(NegotiationState state, Outcome text, CancellationToken cancellationToken = default)
    {
        var move = await engine.AwaitMoveAsync(seat, state, NegotiationTurnKind.Review, cancellationToken).ConfigureAwait(false);
        var accept = move.Kind == NegotiationMoveKind.Accept;
        return new TextFeedback(accept, accept ? FeedbackReason.Accepted : FeedbackReason.WantsMore, null, move.Message);
    }
}
